package org.bhyvirt.driver.domain;

import java.io.StringReader;
import java.io.StringWriter;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.bhyvirt.driver.domain.def.MetadataEntry;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/**
 * Turns the XML fragment of a virDomainSetMetadata(ELEMENT) call into a stored metadata element,
 * as libvirt does: the fragment's root element is put into namespace {@code uri} with prefix
 * {@code key}. Parsing refuses DTDs and external entities; the fragment is limited in size.
 */
final class MetadataXml {

    private static final int MAX_CHARS = 1 << 20;

    private MetadataXml() {
    }

    static MetadataEntry element(String fragment, String key, String uri) {
        if (uri == null || uri.isBlank()) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, "metadata element needs a namespace URI");
        }
        if (key == null || !key.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, "metadata key '" + key + "' is not an XML prefix");
        }
        if (fragment == null || fragment.length() > MAX_CHARS) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, "metadata element is missing or too large");
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            Document doc = b.parse(new InputSource(new StringReader(fragment)));
            Element root = doc.getDocumentElement();
            String local = root.getLocalName() != null ? root.getLocalName() : root.getNodeName();
            Element renamed = (Element) doc.renameNode(root, uri, key + ":" + local);
            renamed.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:" + key, uri);
            TransformerFactory tf = TransformerFactory.newInstance();
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer t = tf.newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(renamed), new StreamResult(w));
            return new MetadataEntry(uri, w.toString());
        } catch (BhyveDriverException e) {
            throw e;
        } catch (Exception e) {
            throw new BhyveDriverException(VirErrorNumber.XML_ERROR,
                    "metadata element is not well-formed XML: " + e.getMessage(), e);
        }
    }
}
