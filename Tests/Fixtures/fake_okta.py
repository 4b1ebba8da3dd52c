#!/usr/bin/env python3
"""A fake Okta identity provider for tests, on 127.0.0.1 only.

usage: FAKE_OKTA_CONFIG=settings.json fake_okta.py

The settings come from a JSON file (so the password never shows in a process listing):
  username, password          the one account that signs in
  appId                       the Okta AWS app id
  roles                       ["ROLE_ARN,PRINCIPAL_ARN", ...] for the Role attribute
  sessionName                 RoleSessionName (omitted when null)
  dbUser, autoCreate          Redshift DbUser / AutoCreate attributes (omitted when null)
  dbGroups                    Redshift DbGroups values (omitted when null)
  authnStatus                 status answered for good credentials (SUCCESS, MFA_REQUIRED, ...)
  echoPassword                true: a failed sign-in's errorSummary repeats the password sent
                              (as a careless server might), for redaction tests
  redirect                    "none", "same-host" (a 302 with a session cookie first, as Okta
                              does) or "other-host" (a 302 to another loopback address)

Endpoints:
  POST /api/v1/authn                          primary authentication -> sessionToken
  GET  /home/amazon_aws/APP_ID?onetimetoken=T the app's page with the SAMLResponse form
  GET  /app/amazon_aws/APP_ID/sso/saml        the page after the same-host redirect
  GET  /_stats                                request counters as JSON
  GET  /_redirect?to=LOCATION                 a 302 to LOCATION, for the HTTP client's tests
  GET  /_endless                              a 200 whose body (no length given) never ends

With FAKE_OKTA_TLS_CERT and FAKE_OKTA_TLS_KEY (PEM files) it speaks https instead of http.
  POST /_sts/refuse                           an STS error answer (AccessDenied), to point
                                              AWS_ENDPOINT_URL_STS at

Binds port 0 and prints the port on stdout once listening. Exits when its parent exits.
"""
import base64
import html
import json
import os
import secrets
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

with open(os.environ["FAKE_OKTA_CONFIG"], encoding="utf-8") as config_file:
    CONFIG = json.load(config_file)

LOCK = threading.Lock()
STATS = {"authn": 0, "authnSucceeded": 0, "saml": 0, "sts": 0}
TOKENS = set()
SESSIONS = set()


def count(name):
    with LOCK:
        STATS[name] += 1


def saml_response():
    def attribute(name, values):
        rendered = "".join(
            '<saml2:AttributeValue xmlns:xs="http://www.w3.org/2001/XMLSchema" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">'
            f"{html.escape(value)}</saml2:AttributeValue>"
            for value in values
        )
        return (f'<saml2:Attribute Name="{name}" '
                f'NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">{rendered}</saml2:Attribute>')

    attributes = [attribute("https://aws.amazon.com/SAML/Attributes/Role", CONFIG["roles"])]
    if CONFIG.get("sessionName") is not None:
        attributes.append(attribute("https://aws.amazon.com/SAML/Attributes/RoleSessionName", [CONFIG["sessionName"]]))
    if CONFIG.get("dbUser") is not None:
        attributes.append(attribute("https://redshift.amazon.com/SAML/Attributes/DbUser", [CONFIG["dbUser"]]))
    if CONFIG.get("autoCreate") is not None:
        attributes.append(attribute("https://redshift.amazon.com/SAML/Attributes/AutoCreate", [CONFIG["autoCreate"]]))
    if CONFIG.get("dbGroups") is not None:
        attributes.append(attribute("https://redshift.amazon.com/SAML/Attributes/DbGroups", CONFIG["dbGroups"]))
    now = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
    later = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(time.time() + 300))
    document = f"""<?xml version="1.0" encoding="UTF-8"?>
<saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" Destination="https://signin.aws.amazon.com/saml" ID="id{secrets.token_hex(8)}" IssueInstant="{now}" Version="2.0">
<saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion">http://www.okta.com/exkFakeOkta</saml2:Issuer>
<saml2p:Status><saml2p:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></saml2p:Status>
<saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="id{secrets.token_hex(8)}" IssueInstant="{now}" Version="2.0">
<saml2:Issuer>http://www.okta.com/exkFakeOkta</saml2:Issuer>
<saml2:Subject><saml2:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">{html.escape(CONFIG["username"])}</saml2:NameID></saml2:Subject>
<saml2:Conditions NotBefore="{now}" NotOnOrAfter="{later}"><saml2:AudienceRestriction><saml2:Audience>urn:amazon:webservices</saml2:Audience></saml2:AudienceRestriction></saml2:Conditions>
<saml2:AttributeStatement>{"".join(attributes)}</saml2:AttributeStatement>
</saml2:Assertion>
</saml2p:Response>"""
    # Okta writes the base64 value with '+' and '=' as character references.
    value = base64.b64encode(document.encode()).decode().replace("+", "&#x2b;").replace("=", "&#x3d;")
    return f"""<!DOCTYPE html><html><head><title>Signing in</title></head>
<body onload="document.forms[0].submit()"><form id="appForm" action="https://signin.aws.amazon.com/saml" method="POST">
<input name="SAMLResponse" type="hidden" value="{value}"/><input name="RelayState" type="hidden" value=""/>
</form></body></html>"""


SIGN_IN_PAGE = "<!DOCTYPE html><html><body><form id='signin'><input name='username'/></form></body></html>"


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format, *args):
        pass

    def answer(self, status, body, content_type="application/json", headers=()):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        path = urlsplit(self.path).path
        if path == "/api/v1/authn":
            self.authn(body)
        elif path == "/_sts/refuse":
            count("sts")
            self.answer(403, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                             "<Code>AccessDenied</Code><Message>Not authorized to perform sts:AssumeRoleWithSAML</Message>"
                             "</Error><RequestId>fake-request</RequestId></ErrorResponse>", "text/xml")
        else:
            self.answer(404, '{"errorCode":"E0000022","errorSummary":"The endpoint does not support the provided HTTP method"}')

    def authn(self, body):
        count("authn")
        try:
            request = json.loads(body)
        except ValueError:
            self.answer(400, '{"errorCode":"E0000003","errorSummary":"The request body was not well-formed."}')
            return
        if request.get("username") != CONFIG["username"] or request.get("password") != CONFIG["password"]:
            summary = "Authentication failed"
            if CONFIG.get("echoPassword"):
                summary += f" for password {request.get('password')}"
            self.answer(401, json.dumps({"errorCode": "E0000004", "errorSummary": summary,
                                         "errorLink": "E0000004", "errorId": "oae" + secrets.token_hex(8), "errorCauses": []}))
            return
        status = CONFIG.get("authnStatus") or "SUCCESS"
        if status != "SUCCESS":
            self.answer(200, json.dumps({"status": status, "stateToken": secrets.token_urlsafe(16)}))
            return
        count("authnSucceeded")
        token = secrets.token_urlsafe(24)
        with LOCK:
            TOKENS.add(token)
        self.answer(200, json.dumps({"status": "SUCCESS", "sessionToken": token,
                                     "expiresAt": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(time.time() + 300)),
                                     "_embedded": {"user": {"profile": {"login": CONFIG["username"]}}}}))

    def do_GET(self):
        parts = urlsplit(self.path)
        if parts.path == "/_stats":
            with LOCK:
                self.answer(200, json.dumps(STATS))
        elif parts.path == "/_redirect":
            self.answer(302, "", "text/html", [("Location", parse_qs(parts.query).get("to", ["/"])[0])])
        elif parts.path == "/_endless":
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.end_headers()
            try:
                while True:
                    self.wfile.write(b"x" * 65536)
            except OSError:
                pass
        elif parts.path == f"/home/amazon_aws/{CONFIG['appId']}":
            self.home(parse_qs(parts.query).get("onetimetoken", [""])[0])
        elif parts.path == f"/app/amazon_aws/{CONFIG['appId']}/sso/saml":
            cookie = self.headers.get("Cookie") or ""
            session = cookie.partition("sid=")[2].split(";")[0]
            with LOCK:
                known = session in SESSIONS
                SESSIONS.discard(session)
            if known:
                count("saml")
                self.answer(200, saml_response(), "text/html")
            else:
                self.answer(200, SIGN_IN_PAGE, "text/html")
        elif parts.path.startswith("/home/amazon_aws/"):
            self.answer(404, "<html><body>Not found</body></html>", "text/html")
        else:
            self.answer(404, "<html><body>Not found</body></html>", "text/html")

    def home(self, token):
        with LOCK:
            known = token in TOKENS
            TOKENS.discard(token)
        if not known:
            self.answer(200, SIGN_IN_PAGE, "text/html")
            return
        redirect = CONFIG.get("redirect") or "none"
        port = self.server.server_address[1]
        if redirect == "same-host":
            session = secrets.token_hex(16)
            with LOCK:
                SESSIONS.add(session)
            self.answer(302, "", "text/html", [("Location", f"/app/amazon_aws/{CONFIG['appId']}/sso/saml"),
                                               ("Set-Cookie", f"sid={session}; Path=/; HttpOnly")])
        elif redirect == "other-host":
            self.answer(302, "", "text/html", [("Location", f"http://127.0.0.2:{port}/app/amazon_aws/{CONFIG['appId']}/sso/saml")])
        else:
            count("saml")
            self.answer(200, saml_response(), "text/html")


def watch_parent(parent):
    while True:
        if os.getppid() != parent:
            os._exit(0)
        time.sleep(0.5)


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    certificate = os.environ.get("FAKE_OKTA_TLS_CERT")
    if certificate:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certificate, os.environ["FAKE_OKTA_TLS_KEY"])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=watch_parent, args=(os.getppid(),), daemon=True).start()
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
