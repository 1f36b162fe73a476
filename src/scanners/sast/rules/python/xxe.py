import xml.sax
import xml.etree.ElementTree as ET
from xml.dom import minidom, pulldom
from xml.sax.handler import feature_external_ges, feature_namespaces

import defusedxml.ElementTree as DET
from flask import Flask, jsonify, request
from lxml import etree
from lxml.etree import XMLParser

app = Flask(__name__)

# ruleid: python.xxe.lxml-entities-enabled
LEGACY_PARSER = etree.XMLParser(resolve_entities=True, remove_blank_text=True)
# ok: python.xxe.lxml-entities-enabled
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@app.post("/invoices")
def import_invoice():
    # ruleid: python.xxe.untrusted-xml
    root = ET.fromstring(request.data)
    # ok: python.xxe.untrusted-xml
    checked = DET.fromstring(request.data)
    return jsonify(total=root.findtext("total"), id=checked.get("id"))


@app.post("/feeds")
def import_feed():
    body = request.get_data()
    # ruleid: python.xxe.untrusted-xml
    doc = minidom.parseString(body)
    # ruleid: python.xxe.untrusted-xml
    events = pulldom.parseString(body.decode())
    # ok: python.xxe.untrusted-xml
    tree = etree.fromstring(body, parser=SAFE_PARSER)
    return jsonify(items=len(doc.getElementsByTagName("item")), events=len(list(events)), root=tree.tag)


@app.post("/soap")
def soap_endpoint():
    envelope = request.files["envelope"]
    # ruleid: python.xxe.untrusted-xml
    tree = etree.parse(envelope)
    return tree.getroot().tag


def load_settings():
    # ok: python.xxe.untrusted-xml
    return ET.parse("/etc/app/settings.xml").getroot()


def make_report_parser(handler, network_dtds):
    parser = xml.sax.make_parser()
    parser.setContentHandler(handler)
    # ok: python.xxe.sax-external-entities
    parser.setFeature(feature_namespaces, True)
    # ruleid: python.xxe.sax-external-entities
    parser.setFeature(feature_external_ges, True)
    # ok: python.xxe.sax-external-entities
    parser.setFeature(xml.sax.handler.feature_external_pes, False)
    # ruleid: python.xxe.lxml-entities-enabled
    dtd_parser = etree.XMLParser(dtd_validation=True, no_network=False)
    return parser, dtd_parser


def catalog_parser():
    # ruleid: python.xxe.lxml-entities-enabled
    return XMLParser(load_dtd=True, no_network=False)


def offline_parser():
    # ok: python.xxe.lxml-entities-enabled
    return etree.XMLParser(no_network=True, huge_tree=False)


def legacy_sax_reader(handler):
    reader = xml.sax.make_parser()
    reader.setContentHandler(handler)
    # ruleid: python.xxe.sax-external-entities
    reader.setFeature(xml.sax.handler.feature_external_pes, True)
    # ruleid: python.xxe.sax-external-entities
    reader.setFeature("http://xml.org/sax/features/external-general-entities", 1)
    # ok: python.xxe.sax-external-entities
    reader.setFeature("http://xml.org/sax/features/namespaces", 1)
    return reader


def pretty(xml_bytes):
    # ok: python.xxe.lxml-entities-enabled
    parser = etree.XMLParser(remove_blank_text=True)
    return etree.tostring(etree.fromstring(xml_bytes, parser), pretty_print=True)
