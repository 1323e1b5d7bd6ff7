package dev.idempotent4j.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The agent's own classes may be loaded where the annotations jar is not visible (the agent already
 * tolerates a missing runtime), so they use the shared contract ({@code dev.idempotent4j.contract})
 * through compile-time constants only, which javac inlines: no field read or method call may reach
 * a contract class at run time. Reads the compiled classes' constant pools (JVMS 4.4).
 */
class ContractConstantsOnlyTest {

  private static final String CONTRACT = "dev/idempotent4j/contract/";

  @Test
  void agentClassesNeitherCallNorReadTheContractAtRunTime() throws Exception {
    Path classes =
        Path.of(TaskIndex.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> uses = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (file.toString().endsWith(".class")) {
          for (String owner : memberOwners(file)) {
            if (owner.startsWith(CONTRACT)) {
              uses.add(classes.relativize(file) + " -> " + owner);
            }
          }
        }
      }
    }
    assertThat(uses).isEmpty();
  }

  @Test
  void theReaderSeesMemberReferences() throws Exception {
    Path classes =
        Path.of(TaskIndex.class.getProtectionDomain().getCodeSource().getLocation().toURI());

    assertThat(memberOwners(classes.resolve("dev/idempotent4j/agent/TaskIndex$Builder.class")))
        .contains("dev/idempotent4j/agent/AgentLog");
  }

  /** The classes whose fields and methods this class file refers to. */
  private static List<String> memberOwners(Path classFile) throws IOException {
    Map<Integer, String> utf8 = new HashMap<>();
    Map<Integer, Integer> classNames = new HashMap<>();
    List<Integer> memberClasses = new ArrayList<>();
    try (InputStream in = Files.newInputStream(classFile);
        DataInputStream data = new DataInputStream(in)) {
      data.readInt(); // magic
      data.readInt(); // minor and major version
      int count = data.readUnsignedShort();
      for (int i = 1; i < count; i++) {
        int tag = data.readUnsignedByte();
        switch (tag) {
          case 1 -> utf8.put(i, data.readUTF());
          case 7 -> classNames.put(i, data.readUnsignedShort());
          case 9, 10, 11 -> { // Fieldref, Methodref, InterfaceMethodref: class, name-and-type
            memberClasses.add(data.readUnsignedShort());
            data.skipBytes(2);
          }
          case 8, 16, 19, 20 -> data.skipBytes(2);
          case 15 -> data.skipBytes(3);
          case 3, 4, 12, 17, 18 -> data.skipBytes(4);
          case 5, 6 -> {
            data.skipBytes(8);
            i++;
          }
          default -> throw new IOException(classFile + ": constant pool tag " + tag);
        }
      }
    }
    List<String> owners = new ArrayList<>();
    for (int index : memberClasses) {
      owners.add(utf8.get(classNames.get(index)));
    }
    return owners;
  }
}
