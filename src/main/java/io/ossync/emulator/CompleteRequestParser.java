package io.ossync.emulator;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Parses the body of CompleteMultipartUpload:
 * {@code <CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"..."</ETag></Part>...}.
 * Anything else, including an empty part list, is MalformedXML. DTDs and external entities are refused.
 */
final class CompleteRequestParser {
    private CompleteRequestParser() {
    }

    static List<CompletionPlan.RequestedPart> parse(byte[] body) throws OssException {
        Document doc;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            doc = builder.parse(new ByteArrayInputStream(body));
        } catch (Exception e) {
            throw OssErrors.malformedXml("The body is not well-formed XML.");
        }
        Element root = doc.getDocumentElement();
        if (!root.getTagName().equals("CompleteMultipartUpload")) {
            throw OssErrors.malformedXml("The root element must be CompleteMultipartUpload.");
        }
        List<CompletionPlan.RequestedPart> parts = new ArrayList<>();
        NodeList children = root.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node node = children.item(i);
            if (node instanceof Element part && part.getTagName().equals("Part")) {
                parts.add(part(part));
            }
        }
        if (parts.isEmpty()) {
            throw OssErrors.malformedXml("The part list is empty.");
        }
        return parts;
    }

    private static CompletionPlan.RequestedPart part(Element part) throws OssException {
        String number = childText(part, "PartNumber");
        String etag = childText(part, "ETag");
        if (number == null || etag == null) {
            throw OssErrors.malformedXml("Each Part needs a PartNumber and an ETag.");
        }
        try {
            return new CompletionPlan.RequestedPart(Integer.parseInt(number.trim()), etag.trim());
        } catch (NumberFormatException e) {
            throw OssErrors.malformedXml("PartNumber '" + number + "' is not a number.");
        }
    }

    private static String childText(Element parent, String name) {
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node node = children.item(i);
            if (node instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent();
            }
        }
        return null;
    }
}
