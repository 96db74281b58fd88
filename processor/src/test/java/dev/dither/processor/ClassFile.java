package dev.dither.processor;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The little of a class file (JVMS chapter 4) that the bytecode tests need: the size of the
 * constant pool and the length of each method's code. Reads every structure in order and keeps
 * nothing else.
 *
 * @param constantPoolCount {@code constant_pool_count}: one more than the number of slots
 * @param codeLengths {@code code_length} of each method with code, by {@code name + descriptor}
 */
record ClassFile(String name, int constantPoolCount, Map<String, Integer> codeLengths) {

  static ClassFile parse(byte[] bytes) {
    try {
      return parse(new DataInputStream(new ByteArrayInputStream(bytes)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ClassFile parse(DataInputStream in) throws IOException {
    if (in.readInt() != 0xCAFEBABE) {
      throw new IllegalArgumentException("not a class file");
    }
    in.readUnsignedShort(); // minor_version
    in.readUnsignedShort(); // major_version
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    int[] classNameIndex = new int[count];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF(); // Utf8: u2 length, then modified UTF-8
        case 7 -> classNameIndex[i] = in.readUnsignedShort(); // Class
        case 8, 16, 19, 20 -> in.readUnsignedShort(); // String, MethodType, Module, Package
        case 15 -> { // MethodHandle
          in.readUnsignedByte();
          in.readUnsignedShort();
        }
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt(); // Integer, Float, refs, NameAndType, (Invoke)Dynamic
        case 5, 6 -> { // Long and Double take two slots
          in.readLong();
          i++;
        }
        default -> throw new IllegalArgumentException("unknown constant pool tag " + tag + " at " + i);
      }
    }
    in.readUnsignedShort(); // access_flags
    String name = utf8[classNameIndex[in.readUnsignedShort()]];
    in.readUnsignedShort(); // super_class
    skip(in, 2 * in.readUnsignedShort()); // interfaces
    int fields = in.readUnsignedShort();
    for (int f = 0; f < fields; f++) {
      skip(in, 6); // access_flags, name_index, descriptor_index
      skipAttributes(in);
    }
    Map<String, Integer> codeLengths = new LinkedHashMap<>();
    int methods = in.readUnsignedShort();
    for (int m = 0; m < methods; m++) {
      in.readUnsignedShort(); // access_flags
      String method = utf8[in.readUnsignedShort()] + utf8[in.readUnsignedShort()];
      int attributes = in.readUnsignedShort();
      for (int a = 0; a < attributes; a++) {
        String attribute = utf8[in.readUnsignedShort()];
        int length = in.readInt();
        if (attribute.equals("Code")) {
          in.readUnsignedShort(); // max_stack
          in.readUnsignedShort(); // max_locals
          int codeLength = in.readInt();
          codeLengths.put(method, codeLength);
          skip(in, length - 8);
        } else {
          skip(in, length);
        }
      }
    }
    skipAttributes(in);
    if (in.read() != -1) {
      throw new IllegalArgumentException("trailing bytes after the class file");
    }
    return new ClassFile(name, count, codeLengths);
  }

  private static void skipAttributes(DataInputStream in) throws IOException {
    int attributes = in.readUnsignedShort();
    for (int a = 0; a < attributes; a++) {
      in.readUnsignedShort(); // attribute_name_index
      skip(in, in.readInt());
    }
  }

  private static void skip(DataInputStream in, int bytes) throws IOException {
    in.readFully(new byte[bytes]);
  }
}
