package org.bhyvirt.driver.xml;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads untrusted XML into an {@link XmlElement} tree, refusing hostile input cheaply: the length
 * is checked before any parsing (so a 100 MiB document costs nothing), a DOCTYPE is refused (so
 * there are no DTDs, no external entities and no entity expansion bombs), external DTDs and
 * schemas are never fetched, XInclude is off, secure processing is on, and elements nested deeper
 * than the depth limit stop the parse at once. Every refusal is a {@link BhyveDriverException}
 * with VIR_ERR_XML_ERROR and a message saying why. Instances are immutable and thread-safe.
 */
public final class SafeXmlReader {

    /** 1 MiB. */
    public static final int DEFAULT_MAX_CHARS = 1 << 20;

    /** Elements nested deeper than this are refused. */
    public static final int DEFAULT_MAX_DEPTH = 64;

    private final int maxChars;
    private final int maxDepth;

    /** A reader with the given limits (characters of the document, element nesting depth). */
    public SafeXmlReader(int maxChars, int maxDepth) {
        if (maxChars <= 0 || maxDepth <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxChars = maxChars;
        this.maxDepth = maxDepth;
    }

    /** A reader with the default limits (1 MiB, depth 64). */
    public static SafeXmlReader defaults() {
        return new SafeXmlReader(DEFAULT_MAX_CHARS, DEFAULT_MAX_DEPTH);
    }

    public int maxChars() {
        return maxChars;
    }

    public int maxDepth() {
        return maxDepth;
    }

    /**
     * Parses {@code xml} and returns its root element.
     *
     * @throws BhyveDriverException VIR_ERR_XML_ERROR when the document is empty, too large, too
     *                              deep, has a DOCTYPE or is not well-formed
     */
    public XmlElement read(String xml) {
        if (xml == null || xml.isBlank()) {
            throw error("XML document is empty");
        }
        if (xml.length() > maxChars) {
            throw error("XML document of " + xml.length() + " characters exceeds the limit of " + maxChars
                    + " characters");
        }
        TreeBuilder builder = new TreeBuilder(maxDepth);
        try {
            XMLReader reader = newParser().getXMLReader();
            reader.setContentHandler(builder);
            reader.setErrorHandler(builder);
            reader.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity '" + systemId + "' refused");
            });
            reader.parse(new InputSource(new StringReader(xml)));
        } catch (SAXParseException e) {
            throw error("malformed XML at line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": "
                    + clean(e.getMessage()), e);
        } catch (SAXException e) {
            throw error(clean(e.getMessage()), e);
        } catch (IOException | ParserConfigurationException e) {
            throw error("cannot parse XML: " + e.getMessage(), e);
        }
        return builder.root;
    }

    private static SAXParser newParser() throws ParserConfigurationException, SAXException {
        SAXParserFactory f = SAXParserFactory.newInstance();
        f.setNamespaceAware(true);
        f.setValidating(false);
        f.setXIncludeAware(false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature("http://xml.org/sax/features/namespace-prefixes", true);
        SAXParser p = f.newSAXParser();
        p.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        p.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        p.setProperty("http://www.oracle.com/xml/jaxp/properties/entityExpansionLimit", "100");
        p.setProperty("http://www.oracle.com/xml/jaxp/properties/elementAttributeLimit", "1000");
        return p;
    }

    private static String clean(String message) {
        if (message == null) {
            return "unknown error";
        }
        if (message.contains("DOCTYPE is disallowed")) {
            return "DOCTYPE declarations are refused (no DTDs or entities): " + message;
        }
        return message;
    }

    private static BhyveDriverException error(String message) {
        return new BhyveDriverException(VirErrorNumber.XML_ERROR, message);
    }

    private static BhyveDriverException error(String message, Throwable cause) {
        return new BhyveDriverException(VirErrorNumber.XML_ERROR, message, cause);
    }

    /** Builds the tree; refuses nesting beyond the limit as soon as it is reached. */
    private static final class TreeBuilder extends DefaultHandler {
        private final int maxDepth;
        private final Deque<Frame> stack = new ArrayDeque<>();
        private XmlElement root;

        TreeBuilder(int maxDepth) {
            this.maxDepth = maxDepth;
        }

        private record Frame(String uri, String localName, String qName, List<XmlAttribute> attributes,
                List<XmlNode> children, StringBuilder text) {
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            if (stack.size() >= maxDepth) {
                throw new SAXException("XML document is nested deeper than " + maxDepth + " elements (at <"
                        + qName + ">)");
            }
            flushText();
            List<XmlAttribute> attributes = new ArrayList<>(atts.getLength());
            for (int i = 0; i < atts.getLength(); i++) {
                attributes.add(new XmlAttribute(atts.getURI(i) == null ? "" : atts.getURI(i), atts.getLocalName(i),
                        atts.getQName(i), atts.getValue(i)));
            }
            stack.push(new Frame(uri == null ? "" : uri, localName, qName, attributes, new ArrayList<>(),
                    new StringBuilder()));
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            flushText();
            Frame f = stack.pop();
            XmlElement e = new XmlElement(f.uri(), f.localName(), f.qName(), f.attributes(), f.children());
            if (stack.isEmpty()) {
                root = e;
            } else {
                stack.peek().children().add(e);
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (!stack.isEmpty()) {
                stack.peek().text().append(ch, start, length);
            }
        }

        private void flushText() {
            if (!stack.isEmpty()) {
                StringBuilder t = stack.peek().text();
                if (t.length() > 0) {
                    stack.peek().children().add(new XmlText(t.toString()));
                    t.setLength(0);
                }
            }
        }

        @Override
        public void warning(SAXParseException e) {
            // warnings do not make a document invalid
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    }
}
