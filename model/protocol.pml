/*
 * The idempotent4j record protocol (runtime/src/main/resources/dev/idempotent4j/runtime/redis/
 * *.lua) with the engine around it, for spin. One task key, N workers (JVMs, one engine each),
 * each making up to CALLS calls of the task. docs/protocol-model.md says what is modelled, what
 * is abstracted and how to run it; model/check.sh runs it.
 *
 * Each Lua step is one atomic block: Redis runs a script to its end before any other command.
 * The store's clock (Redis TIME) is `now`, one clock for every script, moved on by Clock.
 *
 * Switches (spin -D...):
 *   NO_RETRY   take out the first half of the fix of issue 11 defect 1: a fenced complete, fail
 *              or release that did not get through is not retried
 *   NO_RENEW   take out the second half: renewal stops when the body returns, before the
 *              outcome is stored (what the engine did before the fix)
 *   NO_FIX     both (the engine before the fix)
 *   IFEQ       the script-free protocol designed for format 3 (docs/PERFORMANCE.md, issue 12):
 *              a claim is one MULTI of INCR fence and SET record NX GET, so every claim burns a
 *              token; an orphan found that way is taken over by a second step (the Lua claim);
 *              complete, renew and release are SET/DELEX ... IFEQ <our running record>
 *   STALE_TOKEN with IFEQ: that takeover reuses the MULTI's token (spin must find it going back)
 */

#ifdef NO_FIX
#define NO_RETRY
#define NO_RENEW
#endif

#define N 2          /* workers (JVMs); Network and Clock name them one by one */
#ifndef CALLS
#define CALLS 2      /* calls of the task per worker: a caller retries after an error */
#endif
#define LEASE 3      /* lease, in clock ticks */
#define DOWN 1       /* longest disconnect, in ticks (Clock, downNow): LEASE > DOWN + 1 */
#ifndef MAXT
#define MAXT 8       /* the clock stops here: enough for a lease to lapse twice */
#endif
#ifndef FAULTS
#define FAULTS 1     /* disconnects (a request not sent, or a reply lost) in one run */
#endif
#ifndef CRASHES
#define CRASHES 1    /* workers that die (JVM killed), at any step */
#endif

/* Record states (record.lua: state; NONE = no record under the key) */
mtype = { NONE, RUNNING, COMPLETED, FAILED };
/* What a worker learns from one request */
mtype = { CLAIMED, HIT_COMPLETED, HIT_FAILED, BUSY, OK, LOST, NOT_SENT, NO_REPLY, ORPHAN };
/* What the body did: a result, a cached failure (cacheFailures), another exception */
mtype = { SUCCESS, CACHED_FAILURE, TRANSIENT_FAILURE };

/* The store: the record {<key>} and the fence {<key>}:fence */
mtype st = NONE;
byte rtoken;         /* record: token */
byte rowner;         /* record: owner (worker id + 1; 0 = none) */
byte lease;          /* record: lease_until, in ticks of the store clock */
byte rvalue;         /* record: result (which execution produced it) */
byte ftoken;         /* fence: token of the last claim (IFEQ: the last INCR, claimed or not) */
byte lastClaim;      /* ghost: token of the last claim that got the record */
bool fheld;          /* fence: held */
byte now;            /* the store's clock */

/* The network and the processes */
bool up[N];          /* worker w's connection to the store */
bool downNow[N];     /* went down in the current tick (DOWN = 1: back before the next but one) */
short upSince[N];    /* a connection that came back stays up through one whole tick */
byte faults = FAULTS;
byte crashes = CRASHES;
bool alive[N];
byte ended;          /* workers that finished all calls or died */

/* Each engine's view of its claim, shared by its caller thread and its lease renewer */
byte mytok[N];
bool renewOn[N];
bool leaseLost[N];   /* renew said the claim is gone */

/* Ghosts: what the callers saw */
byte runs;           /* executions of the body started; an execution's value is its number */
byte delivered;      /* the value handed to callers as the task's result (0: none yet) */
byte outcomes;       /* outcomes (completed or failed) stored in this record life */

/* Disconnects hit worker 0 and crashes worker 1 (either one is the owner in some run): the
   workers are symmetric, and faults on both only multiply the states. */
#define MAY_DROP(w) (w == 0 && faults > 0 && up[w] && now > upSince[w] + 1)

/* After a request is executed, its reply may be lost: the connection drops (a disconnect). */
inline maybeLoseReply(w, r) {
  if
  :: MAY_DROP(w) -> faults--; up[w] = false; downNow[w] = true; r = NO_REPLY;
    printf("t=%d worker %d: disconnected before the reply arrived\n", now, w)
  :: true -> skip
  fi
}

/* record.lua holds(): the live claim fenced by token. With IFEQ the record names its claim by a
   nonce written in the same MULTI as the INCR that gave the token: one nonce per token, so the
   comparison is the same; and a lapsed lease is a record Redis deleted (PX), so IFEQ fails. */
#define HOLDS(t) (st == RUNNING && rtoken == (t) && lease > now)
/* A writer is the newest claim. With IFEQ the fence may be ahead of it: claims that found the
   record burned tokens without claiming. */
#ifdef IFEQ
#define NEWEST(t) ((t) == lastClaim)
#else
#define NEWEST(t) ((t) == ftoken)
#endif

/* claim.lua. With IFEQ a claim is one MULTI and, for an orphan it finds, a second step
   (orphanStep): the orphan's takeover, the Lua claim. */
inline claim(w, r, v, orphanStep) {
  atomic {
    if
    :: !up[w] -> r = NOT_SENT
    :: else ->
      if
      :: st == COMPLETED -> r = HIT_COMPLETED; v = rvalue
      :: st == FAILED -> r = HIT_FAILED
      :: st == RUNNING && rowner != w + 1 && lease > now ->
        r = BUSY /* HINCRBY waiters: a wake-up is an optimisation, polling is modelled */
      :: else ->
#ifdef IFEQ
        /* MULTI { INCR fence; SET record NX GET PX lease } EXEC: the record is absent (never
           written, released, or deleted by Redis when its lease ran out), or this owner's
           orphan, which SET NX cannot replace: the engine takes that over in a second step.
           Other requests may run between the two, so the takeover checks the record again (the
           branches above) and takes a token of its own: reusing the MULTI's (-DSTALE_TOKEN)
           goes back when the orphan lapsed meanwhile and another claim came and lapsed too. */
#ifdef STALE_TOKEN
        if :: !orphanStep -> ftoken++; mytok[w] = ftoken :: else -> skip fi;
#else
        ftoken++; mytok[w] = ftoken;
#endif
        if
        :: !orphanStep && st == RUNNING && lease > now -> r = ORPHAN;
          printf("t=%d worker %d: finds its own orphan (token %d); INCR gave %d\n", now, w, rtoken, ftoken)
        :: else ->
          assert(mytok[w] > lastClaim);         /* a claim's token never goes back */
          st = RUNNING; rtoken = mytok[w]; rowner = w + 1; lease = now + LEASE;
          lastClaim = mytok[w]; r = CLAIMED
        fi
#else
        /* no record, a running one whose lease ran out (takeover), or this owner's orphan */
        byte last = ftoken;
        if :: st == RUNNING && rtoken > last -> last = rtoken :: else -> skip fi;
        /* claim.lua: token = max(last + 1, server time in microseconds). The server time
           term only matters once the fence key expired, after the record's ttl: beyond one
           record life, which is what the model covers. So here token = last + 1. */
        byte token = last + 1;
        assert(token > ftoken);                 /* a fence never goes back */
        st = RUNNING; rtoken = token; rowner = w + 1; lease = now + LEASE;
        ftoken = token; fheld = true; lastClaim = token;
        mytok[w] = token; r = CLAIMED
#endif
      fi;
      maybeLoseReply(w, r);
      if
      :: r == CLAIMED ->
        /* The engine starts renewing as the claim's answer arrives. */
        leaseLost[w] = false; renewOn[w] = true
      :: else -> skip
      fi
    fi
  }
}

/* complete.lua, fail.lua and release.lua: claimOf() first, then the write */
inline finish(w, kind, v, r) {
  atomic {
    if
    :: !up[w] -> r = NOT_SENT
    :: else ->
      if
      :: HOLDS(mytok[w]) ->
        assert(NEWEST(mytok[w]));               /* a late writer never overwrites a newer owner */
        if
        :: kind == SUCCESS -> st = COMPLETED; rvalue = v; outcomes++; fheld = false
        :: kind == CACHED_FAILURE -> st = FAILED; outcomes++; fheld = false
        :: kind == TRANSIENT_FAILURE -> st = NONE; fheld = false   /* DEL record, fence stays */
        fi;
        assert(outcomes <= 1);                  /* at most one stored outcome per record life */
        r = OK
      :: else -> r = LOST                       /* taken over, released, expired or already done */
      fi;
      maybeLoseReply(w, r)
    fi
  }
}

/* A worker that dies stops everything it runs: its caller thread and its renewer. */
#define CRASH_POINT \
  if \
  :: w == 1 && crashes > 0 -> crashes--; alive[w] = false; renewOn[w] = false; \
    printf("t=%d worker %d: dies\n", now, w); goto dead \
  :: true -> skip \
  fi

/* The caller hands the body's result on, stored or not (the engine logs a lost lease). */
inline deliver(w, kind, v) {
  if
  :: kind == SUCCESS ->
    printf("t=%d worker %d: returns the result of execution %d to its caller\n", now, w, v);
    assert(delivered == 0 || delivered == v);    /* every caller gets the one result */
    delivered = v
  :: else -> skip
  fi;
  renewOn[w] = false
}

/* One engine's calls of the task. Each step is one atomic block around one request: what the
   engine does with an answer is local, so a crash after a request is the crash before the next.
   Between steps the clock may tick any number of times: the body may take long, the renewer
   keeps the lease meanwhile (Clock). */
proctype Worker(byte w) {
  byte call, v, started;
  mtype r, kind;
  do
  :: call < CALLS ->
    call++;
retryClaim:
    atomic {
      CRASH_POINT;
      claim(w, r, v, false);
#ifdef IFEQ
      if
      :: r == ORPHAN -> goto takeOverOrphan
      :: else -> skip
      fi;
claimed:
#endif
      if
      :: r == CLAIMED ->
        assert(delivered == 0);                  /* nothing doubled: no run after a success */
        runs++; v = runs;
        printf("t=%d worker %d: claimed, token %d; runs the body (execution %d)\n", now, w, mytok[w], v);
        if
        :: kind = SUCCESS
        :: kind = CACHED_FAILURE
        :: kind = TRANSIENT_FAILURE
        fi
      :: r == HIT_COMPLETED ->
        printf("t=%d worker %d: duplicate, replays execution %d\n", now, w, v);
        deliver(w, SUCCESS, v); goto nextCall
      :: r == BUSY -> started = now
      :: else -> goto nextCall   /* cached failure rethrown, or fail closed: StoreUnavailable */
      fi
    }
#ifdef IFEQ
    goto waitOrRun;
takeOverOrphan:
    atomic {
      CRASH_POINT;
      claim(w, r, v, true);
      goto claimed
    }
waitOrRun:
#endif
    if
    :: r == BUSY ->
      /* onInProgress = WAIT: poll again on a later tick, until the clock ends */
      if
      :: now > started -> goto retryClaim
      :: now == MAXT -> goto nextCall            /* TaskInProgressException */
      fi
    :: else -> skip
    fi;
    /* the body runs: the clock may tick meanwhile */
retryWrite:
    atomic {
      CRASH_POINT;
#ifdef NO_RENEW
      renewOn[w] = false;                        /* renewal stopped when the body returned */
#endif
      finish(w, kind, v, r);
      printf("t=%d worker %d: %e (token %d) -> %e\n", now, w, kind, mytok[w], r);
      if
      :: r == OK || r == LOST -> deliver(w, kind, v); goto nextCall
      :: else -> skip
      fi
    }
#ifdef NO_RETRY
    atomic { deliver(w, kind, v); goto nextCall }
#else
    /* Fenced writes are safe to repeat: again once connected, until the store answers (ok, or
       lost: a lease that ran out meanwhile is refused by the store, not guessed at by the
       engine's clock), or the renewer hears that the claim is gone. */
    if
    :: atomic { up[w] && !leaseLost[w] } -> goto retryWrite
    :: atomic { leaseLost[w] -> deliver(w, kind, v); goto nextCall }   /* really lost */
    fi;
#endif
nextCall:
    /* dead values are reset, so that states that differ only in them are one state */
    atomic { v = 0; started = 0; r = OK; kind = SUCCESS }
  :: else -> break
  od;
dead:
  ended++
}

/* The engine's lease renewer (renew.lua), once per tick while the engine holds the claim. It
   runs as the clock ticks: the timeliness every lease needs (a live renewer gets its turn
   before the lease could run out) is then part of the model, not an assumption about how
   processes are scheduled. */
inline renew(w) {
  if
  :: renewOn[w] && alive[w] ->
    if
    :: !up[w] -> r = NOT_SENT
    :: else ->
      if
      :: HOLDS(mytok[w]) -> assert(NEWEST(mytok[w])); lease = now + LEASE; r = OK
      :: else -> r = LOST
      fi;
      maybeLoseReply(w, r)
    fi;
    if
    :: r == LOST -> renewOn[w] = false; leaseLost[w] = true
    :: else -> skip
    fi;
    r = OK
  :: else -> skip
  fi
}

/* Disconnects: a connection drops (budget FAULTS) and is back within DOWN ticks; once back it
   stays up for a whole tick, in which the renewer gets through (two drops in a row with no
   renewal between are one longer outage, which DOWN bounds). */
#define DROP(w) atomic { MAY_DROP(w) -> faults--; up[w] = false; downNow[w] = true; printf("t=%d worker %d: disconnected\n", now, w) }
/* (upSince matters only while another drop may come) */
#define RECONNECT(w) atomic { !up[w] -> up[w] = true; if :: faults > 0 -> upSince[w] = now :: else -> skip fi }

active proctype Network() {
end:
  do
  :: DROP(0)
  :: RECONNECT(0)
  od
}

/* Redis expires a running record when its lease (PEXPIRE) runs out, and keeps the fence. Not a
   process of its own: every script treats a running record whose lease_until has passed as the
   claim.lua takeover branch and holds() do, the same whether Redis deleted it yet or not (the
   token then comes from the fence alone, which holds the same token). */

/* The store's clock (Redis TIME). A tick waits for every disconnect to end within DOWN ticks;
   then each engine's renewer runs. */
#define RECONNECTS(w) (up[w] || downNow[w])

active proctype Clock() {
  mtype r;
end:
  do
  :: atomic {
      now < MAXT && RECONNECTS(0) && RECONNECTS(1) ->
      now++; downNow[0] = false; downNow[1] = false;
      printf("t=%d (record %e, token %d, lease until %d)\n", now, st, rtoken, lease);
      renew(0);
      renew(1)
    }
  od
}

/* No key stays claimed after its owner died and its lease ran out: once every worker ended
   (finished or died), the clock goes on past a lease, renewers included (a renewer left running
   would keep the key), and then the key must be free for a claim. */
active proctype Audit() {
  mtype r;
  byte i;
  (ended == N);
  atomic {
    for (i : 0 .. LEASE) {
      now++;
      renew(0);
      renew(1)
    }
    assert(!(st == RUNNING && lease > now))
  }
}

init {
  byte w;
  atomic {
    for (w : 0 .. N - 1) {
      up[w] = true; upSince[w] = -2; alive[w] = true;
      run Worker(w)
    }
  }
}
