package dev.idempotent4j.runtime.codec;

import java.util.Arrays;
import java.util.Base64;

/**
 * Arrays of primitives: JSON arrays of numbers or booleans; {@code byte[]} as a base64 string and
 * {@code char[]} as a string, which is what such arrays usually hold.
 */
abstract class PrimitiveArrayCodec<A> extends JsonCodec<A> {

  static final PrimitiveArrayCodec<boolean[]> BOOLEANS =
      new PrimitiveArrayCodec<>("an array") {
        @Override
        void writeValue(JsonWriter out, boolean[] array) {
          out.beginArray();
          for (boolean v : array) {
            out.value(v);
          }
          out.endArray();
        }

        @Override
        boolean[] readValue(JsonReader in) {
          in.beginArray();
          boolean[] items = new boolean[8];
          int size = 0;
          while (in.hasNextElement()) {
            if (size == items.length) {
              items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = in.nextBoolean();
          }
          return Arrays.copyOf(items, size);
        }
      };

  static final PrimitiveArrayCodec<short[]> SHORTS =
      new PrimitiveArrayCodec<>("an array") {
        private final String element =
            IntegralCodec.description("short", Short.MIN_VALUE, Short.MAX_VALUE);

        @Override
        void writeValue(JsonWriter out, short[] array) {
          out.beginArray();
          for (short v : array) {
            out.value(v);
          }
          out.endArray();
        }

        @Override
        short[] readValue(JsonReader in) {
          in.beginArray();
          short[] items = new short[8];
          int size = 0;
          while (in.hasNextElement()) {
            if (size == items.length) {
              items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = (short) in.nextLong(Short.MIN_VALUE, Short.MAX_VALUE, element);
          }
          return Arrays.copyOf(items, size);
        }
      };

  static final PrimitiveArrayCodec<int[]> INTS =
      new PrimitiveArrayCodec<>("an array") {
        private final String element =
            IntegralCodec.description("int", Integer.MIN_VALUE, Integer.MAX_VALUE);

        @Override
        void writeValue(JsonWriter out, int[] array) {
          out.beginArray();
          for (int v : array) {
            out.value(v);
          }
          out.endArray();
        }

        @Override
        int[] readValue(JsonReader in) {
          in.beginArray();
          int[] items = new int[8];
          int size = 0;
          while (in.hasNextElement()) {
            if (size == items.length) {
              items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = (int) in.nextLong(Integer.MIN_VALUE, Integer.MAX_VALUE, element);
          }
          return Arrays.copyOf(items, size);
        }
      };

  static final PrimitiveArrayCodec<long[]> LONGS =
      new PrimitiveArrayCodec<>("an array") {
        private final String element =
            IntegralCodec.description("long", Long.MIN_VALUE, Long.MAX_VALUE);

        @Override
        void writeValue(JsonWriter out, long[] array) {
          out.beginArray();
          for (long v : array) {
            out.value(v);
          }
          out.endArray();
        }

        @Override
        long[] readValue(JsonReader in) {
          in.beginArray();
          long[] items = new long[8];
          int size = 0;
          while (in.hasNextElement()) {
            if (size == items.length) {
              items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = in.nextLong(Long.MIN_VALUE, Long.MAX_VALUE, element);
          }
          return Arrays.copyOf(items, size);
        }
      };

  static final PrimitiveArrayCodec<float[]> FLOATS =
      new PrimitiveArrayCodec<>("an array") {
        @Override
        void writeValue(JsonWriter out, float[] array) {
          out.beginArray();
          for (float v : array) {
            FloatingCodec.writeFloat(out, v);
          }
          out.endArray();
        }

        @Override
        float[] readValue(JsonReader in) {
          in.beginArray();
          float[] items = new float[8];
          int size = 0;
          while (in.hasNextElement()) {
            if (size == items.length) {
              items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = FloatingCodec.readFloat(in);
          }
          return Arrays.copyOf(items, size);
        }
      };

  static final PrimitiveArrayCodec<double[]> DOUBLES =
      new PrimitiveArrayCodec<>("an array") {
        @Override
        void writeValue(JsonWriter out, double[] array) {
          out.beginArray();
          for (double v : array) {
            FloatingCodec.writeDouble(out, v);
          }
          out.endArray();
        }

        @Override
        double[] readValue(JsonReader in) {
          in.beginArray();
          double[] items = new double[8];
          int size = 0;
          while (in.hasNextElement()) {
            if (size == items.length) {
              items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = FloatingCodec.readDouble(in);
          }
          return Arrays.copyOf(items, size);
        }
      };

  static final PrimitiveArrayCodec<char[]> CHARS =
      new PrimitiveArrayCodec<>("a string") {
        @Override
        void writeValue(JsonWriter out, char[] array) {
          out.value(new String(array));
        }

        @Override
        char[] readValue(JsonReader in) {
          return in.nextString(expected()).toCharArray();
        }
      };

  static final PrimitiveArrayCodec<byte[]> BYTES =
      new PrimitiveArrayCodec<>("a base64 string") {
        @Override
        void writeValue(JsonWriter out, byte[] array) {
          out.value(Base64.getEncoder().encodeToString(array));
        }

        @Override
        byte[] readValue(JsonReader in) {
          String text = in.nextString(expected());
          try {
            return Base64.getDecoder().decode(text);
          } catch (IllegalArgumentException e) {
            throw in.error("expected " + expected() + ", found " + JsonReader.quote(text));
          }
        }
      };

  private PrimitiveArrayCodec(String expected) {
    super(expected, true);
  }
}
