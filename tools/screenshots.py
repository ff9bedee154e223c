"""Takes the README's screenshots in headless Chromium, driven over its DevTools protocol.

Run by tools/screenshots.sh, which prepares the database, starts the Odoo server
and passes its URL, the result page of a demo intake and the lead to show:

    screenshots.py --base http://127.0.0.1:PORT --db DB --out DIR \
        --result-path /diagnostic-ia/result/ID?access_token=... --lead-id ID \
        --engagement-id ID --dpia-id ID --client-login LOGIN --client-password PASSWORD \
        --portal-path /my/engagements/ID?access_token=...

Public pages are taken as an anonymous visitor with a French browser; backend
pages as the partner `associe`, and the client's portal page as the client's
portal user, each one's session (from /web/session/authenticate) handed to
Chromium as its session_id cookie. Every page is checked before
it is captured: its marker element is there (not a login page, not a spinner).
"""

import argparse
import base64
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import requests
import websocket

DESKTOP_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36"
)
PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)
DESKTOP = {"width": 1366, "height": 900, "mobile": False, "ua": DESKTOP_UA}
PHONE = {"width": 390, "height": 844, "mobile": True, "ua": PHONE_UA}
PIPELINE_ACTION = "itlaw_ai_advisory.crm_lead_action_ai_pipeline"
ENGAGEMENT_ACTION = "itlaw_ai_advisory.itlaw_engagement_action"
DASHBOARD_ACTION = "itlaw_ai_advisory.itlaw_pipeline_analysis_action"
DPIA_ACTION = "itlaw_ai_advisory.itlaw_dpia_action"
BACKEND_READY = (
    "document.querySelector('.o_action_manager .o_view_controller')"
    " && !document.querySelector('.o_loading_indicator, .o_blockUI')"
)


def read_text(path):
    with open(path) as source:
        return source.read()


def log(message):
    print(f"[screenshots] {message}", file=sys.stderr, flush=True)


class Browser:
    """One headless Chromium and a websocket to its page target."""

    def __init__(self, chromium):
        self.profile = tempfile.mkdtemp(prefix="itlaw-screens-chromium-")
        self.proc = subprocess.Popen(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--hide-scrollbars",
                "--mute-audio",
                "--lang=fr-FR",
                "--accept-lang=fr-FR,fr",
                f"--user-agent={DESKTOP_UA}",
                f"--user-data-dir={self.profile}",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--window-size=1366,900",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.time() + 30
        while not (os.path.exists(port_file) and read_text(port_file).strip()):
            if time.time() > deadline or self.proc.poll() is not None:
                raise RuntimeError("Chromium did not open its DevTools port")
            time.sleep(0.2)
        port = read_text(port_file).split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as answer:
            pages = [t for t in json.load(answer) if t["type"] == "page"]
        self.ws = websocket.create_connection(
            pages[0]["webSocketDebuggerUrl"], timeout=60, suppress_origin=True
        )
        self.next_id = 0
        self.call("Page.enable")
        self.call("Network.enable")
        # A visitor in France: the booking pages show the times in the browser's zone.
        self.call("Emulation.setTimezoneOverride", timezoneId="Europe/Paris")

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def wait_for(self, expression, what, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.evaluate(f"document.readyState === 'complete' && !!({expression})"):
                return
            time.sleep(0.3)
        raise RuntimeError(f"timed out waiting for {what} on {self.evaluate('location.href')}")

    def viewport(self, device):
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=device["width"],
            height=device["height"],
            deviceScaleFactor=1,
            mobile=device["mobile"],
        )
        self.call("Emulation.setTouchEmulationEnabled", enabled=device["mobile"])
        self.call("Network.setUserAgentOverride", userAgent=device["ua"], acceptLanguage="fr-FR,fr")

    def open(self, url, ready, what, device, settle=1.5):
        self.viewport(device)
        self.call("Page.navigate", url=url)
        time.sleep(0.5)  # let the navigation start before polling the new document
        self.wait_for(ready, what)
        time.sleep(settle)  # fonts, images, transitions

    def capture(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as out:
            out.write(base64.b64decode(data))
        log(f"wrote {path}")

    def close(self):
        with contextlib.suppress(Exception):  # closing anyway
            self.ws.close()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def check_french(browser, what):
    lang = browser.evaluate("document.documentElement.lang")
    if not (lang or "").startswith("fr"):
        raise RuntimeError(f"{what} is not in French (html lang={lang!r})")


def login(base, db, user, password):
    answer = requests.post(
        f"{base}/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"db": db, "login": user, "password": password},
        },
        timeout=60,
    )
    answer.raise_for_status()
    if answer.json().get("error") or not answer.json().get("result", {}).get("uid"):
        raise RuntimeError(f"could not log in as {user}: {answer.text[:300]}")
    # The web client's <html> has no lang: the session's language is the backend's.
    lang = answer.json()["result"].get("user_context", {}).get("lang") or ""
    if not lang.startswith("fr"):
        raise RuntimeError(f"{user}'s backend is not in French (lang={lang!r})")
    return answer.cookies["session_id"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--result-path", required=True)
    parser.add_argument("--lead-id", required=True, type=int)
    parser.add_argument("--engagement-id", required=True, type=int)
    parser.add_argument("--dpia-id", required=True, type=int)
    parser.add_argument("--client-login", required=True)
    parser.add_argument("--client-password", required=True)
    parser.add_argument("--portal-path", required=True)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "google-chrome")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    out = lambda name: os.path.join(args.out, name)  # noqa: E731

    browser = Browser(args.chromium)
    try:
        # Public pages, as an anonymous French visitor.
        browser.open(
            f"{base}/diagnostic-ia",
            "document.querySelector('form.o_itlaw_intake_form .o_itlaw_step')",
            "the diagnostic form",
            DESKTOP,
        )
        check_french(browser, "the diagnostic")
        browser.capture(out("screenshot_diagnostic.png"))

        browser.open(
            f"{base}{args.result_path}",
            "document.querySelector('.o_itlaw_slot_day')",
            "the booking day picker",
            DESKTOP,
        )
        check_french(browser, "the result page")
        # Tall enough to show the score and the whole booking step (its day picker).
        height = browser.evaluate(
            "Math.ceil(window.scrollY"
            " + document.querySelector('#booking').getBoundingClientRect().bottom + 24)"
        )
        browser.viewport(dict(DESKTOP, height=max(DESKTOP["height"], min(int(height), 1800))))
        time.sleep(1)
        browser.capture(out("screenshot_result.png"))

        browser.open(
            f"{base}/consultation",
            "document.querySelector('.o_itlaw_booking_form .o_itlaw_slot_day')",
            "the booking page",
            PHONE,
        )
        check_french(browser, "the booking page")
        browser.capture(out("screenshot_booking_phone.png"))

        # Backend pages, as the partner.
        session_id = login(base, args.db, "associe", "associe")
        browser.call("Network.setCookie", name="session_id", value=session_id, url=base)
        browser.open(
            f"{base}/odoo/action-{PIPELINE_ACTION}",
            BACKEND_READY + " && document.querySelector('.o_kanban_record')",
            "the pipeline",
            DESKTOP,
            settle=2,
        )
        browser.capture(out("screenshot_pipeline.png"))

        browser.open(
            f"{base}/odoo/action-{PIPELINE_ACTION}/{args.lead_id}",
            BACKEND_READY + " && document.querySelector('.o_form_view .o_notebook')",
            "the lead form",
            DESKTOP,
        )
        tab = "document.querySelector('.o_notebook_headers a[name=\"ai_diagnostic\"]')"
        browser.wait_for(tab, "the Diagnostic IA tab")
        browser.evaluate(f"{tab}.click()")
        browser.wait_for(f"{tab}.classList.contains('active')", "the Diagnostic IA tab to open")
        # The lead's header and, below it, the tab down to its findings.
        browser.viewport(dict(DESKTOP, height=1300))
        time.sleep(1.5)
        browser.capture(out("screenshot_lead.png"))

        browser.open(
            f"{base}/odoo/action-{ENGAGEMENT_ACTION}/{args.engagement_id}",
            BACKEND_READY
            + " && /DOS\\//.test(document.querySelector('.o_form_view .oe_title')?.textContent)",
            "the engagement form",
            DESKTOP,
        )
        browser.capture(out("screenshot_engagement.png"))

        browser.open(
            f"{base}/odoo/action-{DASHBOARD_ACTION}",
            BACKEND_READY + " && document.querySelector('.o_graph_view .o_graph_renderer canvas')",
            "the pipeline dashboard",
            DESKTOP,
            settle=2,
        )
        browser.capture(out("screenshot_dashboard.png"))

        browser.open(
            f"{base}/odoo/action-{DPIA_ACTION}/{args.dpia_id}",
            BACKEND_READY
            + " && document.querySelector('.o_form_view .o_notebook .o_field_x2many_list"
            " .o_data_row')",
            "the DPIA form and its sections",
            DESKTOP,
        )
        browser.capture(out("screenshot_dpia.png"))

        # The client's portal, as the client invited to it.
        session_id = login(base, args.db, args.client_login, args.client_password)
        browser.call("Network.setCookie", name="session_id", value=session_id, url=base)
        browser.open(
            f"{base}{args.portal_path}",
            "document.querySelector('.itlaw_engagement_portal .itlaw_deliverable_link')",
            "the client's engagement page and its deliverable",
            PHONE,
        )
        check_french(browser, "the client's engagement page")
        browser.capture(out("screenshot_portal_phone.png"))
    finally:
        browser.close()


if __name__ == "__main__":
    main()
