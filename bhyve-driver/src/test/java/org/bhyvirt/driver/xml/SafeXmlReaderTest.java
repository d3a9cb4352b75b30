package org.bhyvirt.driver.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.junit.jupiter.api.Test;

/** The hardened reader keeps attribute order and refuses oversize, deep and DTD-bearing input. */
class SafeXmlReaderTest {

    @Test
    void attributesKeepDocumentOrder() {
        XmlElement e = SafeXmlReader.defaults().read("<a z='1' b='2' xmlns:q='urn:q' m='3'/>");
        assertEquals(List.of("z", "b", "xmlns:q", "m"), e.attributes().stream().map(XmlAttribute::qName).toList());
        assertTrue(e.attributes().get(2).isNamespaceDeclaration());
        assertEquals("2", e.attr("b"));
    }

    @Test
    void textAndElementsAreKeptInOrder() {
        XmlElement e = SafeXmlReader.defaults().read("<a>x<b>y</b>z</a>");
        assertEquals("xyz", e.text());
        assertEquals(1, e.elements("b").size());
    }

    @Test
    void documentLongerThanTheLimitIsRefusedBeforeParsing() {
        SafeXmlReader reader = new SafeXmlReader(10, 64);
        BhyveDriverException ex = assertThrows(BhyveDriverException.class, () -> reader.read("<a>0123456789</a>"));
        assertEquals(VirErrorNumber.XML_ERROR, ex.number());
        assertTrue(ex.getMessage().contains("exceeds the limit of 10 characters"), ex.getMessage());
    }

    @Test
    void nestingAtTheLimitIsAcceptedAndOneDeeperIsRefused() {
        SafeXmlReader reader = new SafeXmlReader(1 << 20, 3);
        assertEquals("a", reader.read("<a><b><c/></b></a>").localName());
        BhyveDriverException ex = assertThrows(BhyveDriverException.class,
                () -> reader.read("<a><b><c><d/></c></b></a>"));
        assertTrue(ex.getMessage().contains("nested deeper than 3"), ex.getMessage());
    }

    @Test
    void internalEntitiesAreRefusedWithTheDoctype() {
        BhyveDriverException ex = assertThrows(BhyveDriverException.class,
                () -> SafeXmlReader.defaults().read("<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>"));
        assertEquals(VirErrorNumber.XML_ERROR, ex.number());
    }

    @Test
    void externalDtdIsNeverFetched() {
        BhyveDriverException ex = assertThrows(BhyveDriverException.class,
                () -> SafeXmlReader.defaults().read("<!DOCTYPE a SYSTEM 'http://127.0.0.1:1/x.dtd'><a/>"));
        assertTrue(ex.getMessage().contains("DOCTYPE"), ex.getMessage());
    }

    @Test
    void xincludeIsNotProcessed() {
        XmlElement e = SafeXmlReader.defaults().read(
                "<a xmlns:xi='http://www.w3.org/2001/XInclude'><xi:include href='file:///etc/passwd' parse='text'/></a>");
        assertEquals("include", e.elements().get(0).localName());
        assertEquals("", e.text());
    }

    @Test
    void escapingFollowsLibvirt() {
        assertEquals("a&lt;&gt;&amp;&apos;&quot;\tb", XmlEscape.libvirt("a<>&'\"\t\u0001b"));
    }
}
