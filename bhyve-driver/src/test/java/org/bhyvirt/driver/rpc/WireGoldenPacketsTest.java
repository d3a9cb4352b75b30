package org.bhyvirt.driver.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.util.HexFormat;
import java.util.UUID;

import org.bhyvirt.driver.domain.DomainRef;
import org.bhyvirt.driver.rpc.wire.FramingException;
import org.bhyvirt.driver.rpc.wire.Header;
import org.bhyvirt.driver.rpc.wire.MessageType;
import org.bhyvirt.driver.rpc.wire.Packet;
import org.bhyvirt.driver.rpc.wire.PacketReader;
import org.bhyvirt.driver.rpc.wire.Programs;
import org.bhyvirt.driver.rpc.wire.RemoteDomain;
import org.bhyvirt.driver.rpc.wire.RemoteError;
import org.bhyvirt.driver.rpc.xdr.Limits;
import org.bhyvirt.driver.rpc.xdr.TypedParam;
import org.bhyvirt.driver.rpc.xdr.XdrDecoder;
import org.bhyvirt.driver.rpc.xdr.XdrEncoder;
import org.bhyvirt.driver.rpc.xdr.XdrException;
import org.junit.jupiter.api.Test;

/**
 * The codec against real packets exchanged with Debian 12's virsh (libvirt 9.0.0), captured for
 * the project's protocol reference (reference/libvirt-rpc/observed/golden_packets.txt): what we
 * decode is what virsh meant, and what we encode is byte for byte what virsh accepted.
 */
class WireGoldenPacketsTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final UUID VM1 = UUID.fromString("3d4f2a8c-1b2e-4c5d-9e6f-7a8b9c0d1e2f");

    private static Packet read(String hex) throws Exception {
        return Packet.decode(new PacketReader(new ByteArrayInputStream(HEX.parseHex(hex))).next());
    }

    @Test
    void connectOpenCallDecodesToTheUriAndFlags() throws Exception {
        Packet p = read("00000038200080860000000100000001000000000000000200000000"
                + "000000010000000f62687976653a2f2f2f73797374656d0000000000");
        assertEquals(new Header(Programs.REMOTE, 1, 1, MessageType.CALL.code(), 2, 0), p.header());
        XdrDecoder d = XdrDecoder.of(p.payload());
        assertEquals("bhyve:///system", d.readOptional("name", x -> x.readString("name", 100)).orElseThrow());
        assertEquals(0, d.readUnsignedInt("flags"));
        d.expectEnd("CONNECT_OPEN");
    }

    @Test
    void authListReplyIsByteIdentical() {
        Header call = new Header(Programs.REMOTE, 1, 66, MessageType.CALL.code(), 0, 0);
        byte[] ret = new XdrEncoder().writeArray(java.util.List.of(0), XdrEncoder::writeInt).toByteArray();
        assertEquals("000000242000808600000001000000420000000100000000000000000000000100000000",
                HEX.formatHex(Packet.reply(call, ret).encode()));
    }

    @Test
    void unknownProcedureErrorIsLibvirtdsAnswerByteForByte() {
        Header call = new Header(Programs.REMOTE, 1, 187, MessageType.CALL.code(), 9, 0);
        assertEquals("000000802000808600000001000000bb00000001000000090000000100000027000000070000000100000016"
                + "756e6b6e6f776e2070726f6365647572653a20313837000000000002000000000000000100000016756e6b6e6f776e"
                + "2070726f6365647572653a2031383700000000000000000000ffffffffffffffff00000000",
                HEX.formatHex(Packet.error(call, RemoteError.unknownProcedure(187)).encode()));
    }

    @Test
    void domainReplyCarriesNameUuidAndInactiveId() {
        Header call = new Header(Programs.REMOTE, 1, 11, MessageType.CALL.code(), 6, 0);
        XdrEncoder e = new XdrEncoder();
        RemoteDomain.write(e, new DomainRef("vm1", VM1, -1));
        assertEquals("0000003820008086000000010000000b00000001000000060000000000000003766d31003d4f2a8c1b2e4c5d9e6f7a8b9c0d1e2fffffffff",
                HEX.formatHex(Packet.reply(call, e.toByteArray()).encode()));
    }

    @Test
    void pongAnswersPingByteForByte() throws Exception {
        Packet ping = read("0000001c6b6565700000000100000001000000020000000000000000");
        assertEquals(Programs.KEEPALIVE_PING, ping.header().procedure());
        assertEquals("0000001c6b6565700000000100000002000000020000000000000000",
                HEX.formatHex(Packet.keepalive(Programs.KEEPALIVE_PONG).encode()));
    }

    @Test
    void lengthsBeyondLibvirtsBoundsAreRefusedBeforeAllocation() {
        assertThrows(FramingException.class, () -> read("7fffffff20008086"));
        assertThrows(FramingException.class, () -> read("0000001b200080860000000100000001000000000000000000000000"));
        assertThrows(FramingException.class, () -> read("0000003820008086000000010000000100000000"), "cut short");
        byte[] hugeString = new XdrEncoder().writeInt(Limits.STRING_MAX + 1).toByteArray();
        assertThrows(XdrException.class, () -> XdrDecoder.of(hugeString).readString("s", Limits.STRING_MAX));
        byte[] manyParams = new XdrEncoder().writeInt(1_000_000).toByteArray();
        assertThrows(XdrException.class, () -> XdrDecoder.of(manyParams).readArray("params", Limits.TYPED_PARAM_LIST_MAX,
                TypedParam.MIN_WIRE_BYTES, TypedParam::read));
        byte[] claimsMore = new XdrEncoder().writeInt(60).writeInt(1).toByteArray();
        assertThrows(XdrException.class, () -> XdrDecoder.of(claimsMore).readArray("params", Limits.TYPED_PARAM_LIST_MAX,
                TypedParam.MIN_WIRE_BYTES, TypedParam::read), "a count the payload cannot hold");
    }

    @Test
    void typedParametersRoundTripEveryType() {
        java.util.List<TypedParam> all = java.util.List.of(TypedParam.ofInt("operation", 5), TypedParam.ofUInt("u", 0xFFFF_FFFFL),
                TypedParam.ofLLong("l", -7), TypedParam.ofULLong("memory_total", 1L << 40), TypedParam.ofDouble("d", 0.25),
                TypedParam.ofBoolean("b", true), TypedParam.ofString("migrate_uri", "tcp://h:1"));
        byte[] bytes = new XdrEncoder().writeArray(all, TypedParam::write).toByteArray();
        XdrDecoder d = XdrDecoder.of(bytes);
        assertEquals(all, d.readArray("params", 64, TypedParam.MIN_WIRE_BYTES, TypedParam::read));
        d.expectEnd("params");
        byte[] badType = new XdrEncoder().writeString("x").writeInt(9).writeInt(0).toByteArray();
        assertThrows(XdrException.class, () -> TypedParam.read(XdrDecoder.of(badType)));
    }

    @Test
    void nodeInfoModelTakesFourBytesPerCharacter() {
        byte[] b = new XdrEncoder().writeCharArray("x86_64", 32).toByteArray();
        assertEquals(128, b.length);
        assertArrayEquals(new byte[] {0, 0, 0, 'x', 0, 0, 0, '8'}, java.util.Arrays.copyOf(b, 8));
    }
}
