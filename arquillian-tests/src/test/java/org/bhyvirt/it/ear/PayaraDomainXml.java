package org.bhyvirt.it.ear;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A Payara Server domain's {@code config/domain.xml} made ready for one test run, before the domain
 * starts: the DAS ({@code server-config}) listens on the given ports, the server {@code server}
 * carries the given system properties (replacing earlier values of the same names), and an
 * application of the given name left registered by an interrupted earlier run is forgotten, so
 * deploying it again cannot clash. Every element it changes must exist: a domain.xml of another
 * shape fails with the XPath that matched nothing.
 */
final class PayaraDomainXml {

    private static final String CONFIG = "/domain/configs/config[@name='server-config']";
    private static final String SERVER = "/domain/servers/server[@name='server']";

    private final Document document;

    private PayaraDomainXml(Document document) {
        this.document = document;
    }

    /** Reads the domain.xml at {@code file}. */
    static PayaraDomainXml read(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return new PayaraDomainXml(factory.newDocumentBuilder().parse(file.toFile()));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("cannot parse " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Points every listener of the DAS at {@code ports}. */
    PayaraDomainXml listenOn(DomainPorts ports) {
        String listeners = CONFIG + "/network-config/network-listeners/network-listener";
        set(listeners + "[@name='http-listener-1']", "port", ports.http());
        set(listeners + "[@name='http-listener-2']", "port", ports.https());
        set(listeners + "[@name='admin-listener']", "port", ports.admin());
        String iiop = CONFIG + "/iiop-service/iiop-listener";
        set(iiop + "[@id='orb-listener-1']", "port", ports.iiop());
        set(iiop + "[@id='SSL']", "port", ports.iiopSsl());
        set(iiop + "[@id='SSL_MUTUALAUTH']", "port", ports.iiopMutualAuth());
        set(CONFIG + "/admin-service/jmx-connector[@name='system']", "port", ports.jmx());
        set(CONFIG + "/system-property[@name='JMS_PROVIDER_PORT']", "value", ports.jms());
        set("/domain/hazelcast-runtime-configuration", "das-port", ports.dataGridDas());
        set("/domain/hazelcast-runtime-configuration", "start-port", ports.dataGridStart());
        return this;
    }

    /** Gives the server {@code server} these system properties, in place of earlier ones of the same names. */
    PayaraDomainXml systemProperties(Map<String, String> properties) {
        Element server = single(SERVER);
        properties.forEach((name, value) -> {
            for (Node old : nodes(SERVER + "/system-property[@name='" + name + "']")) {
                server.removeChild(old);
            }
            Element property = document.createElement("system-property");
            property.setAttribute("name", name);
            property.setAttribute("value", value);
            server.appendChild(property);
        });
        return this;
    }

    /** Forgets an application of this name and the server's reference to it, if an earlier run left them. */
    PayaraDomainXml withoutApplication(String name) {
        for (Node ref : nodes(SERVER + "/application-ref[@ref='" + name + "']")) {
            ref.getParentNode().removeChild(ref);
        }
        for (Node application : nodes("/domain/applications/application[@name='" + name + "']")) {
            application.getParentNode().removeChild(application);
        }
        return this;
    }

    /** The value of {@code attribute} on the single element {@code xpath} selects. */
    String attribute(String xpath, String attribute) {
        return single(xpath).getAttribute(attribute);
    }

    /** Writes the document to {@code file}, replacing it. */
    void write(Path file) {
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            Path temp = Files.createTempFile(file.getParent(), "domain", ".xml");
            transformer.transform(new DOMSource(document), new StreamResult(temp.toFile()));
            Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void set(String xpath, String attribute, int value) {
        single(xpath).setAttribute(attribute, Integer.toString(value));
    }

    private Element single(String xpath) {
        Node[] found = nodes(xpath);
        if (found.length != 1) {
            throw new IllegalStateException("domain.xml has " + found.length + " elements at " + xpath + ", expected 1");
        }
        return (Element) found[0];
    }

    private Node[] nodes(String xpath) {
        try {
            NodeList list = (NodeList) XPathFactory.newInstance().newXPath()
                    .evaluate(xpath, document, XPathConstants.NODESET);
            Node[] nodes = new Node[list.getLength()];
            for (int i = 0; i < nodes.length; i++) {
                nodes[i] = list.item(i);
            }
            return nodes;
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException("bad XPath " + xpath, e);
        }
    }
}
