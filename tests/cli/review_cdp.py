#!/usr/bin/env python3
"""review_cdp.py — drives headless Chromium over the DevTools protocol
(python3 standard library only: a minimal WebSocket client) to check a review
page as a browser loads it.

    python3 review_cdp.py CHROMIUM PAGE.html RECORD.json [--screenshot OUT.png]
                          [--correct KEY=VALUE --corrections-out FILE]

RECORD.json is `nianbao convert --provenance` of the same source.  Checks, on
the page as loaded: every value of the record has an element with its
data-path; the elements of flagged values (spec: their path or a prefix in a
warning's path or a check's paths) have the class `flagged`, the others not;
every page view carries data-page; every box lies inside its page image.
With --correct, types VALUE into KEY's correction input as a person would
(an input event) and writes the corrections JSON the page offers to
--corrections-out.  Prints one line per problem; exit 1 if any.
"""
import argparse
import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse


class WebSocket:
    def __init__(self, url):
        u = urllib.parse.urlparse(url)
        self.sock = socket.create_connection((u.hostname, u.port), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        req = (f"GET {u.path} HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\n"
               "Upgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(req.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise OSError("websocket handshake: connection closed")
            head += chunk
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise OSError("websocket handshake refused: %r" % head[:80])

    def send(self, text):
        data = text.encode()
        n = len(data)
        head = bytes([0x81])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _exact(self, n):
        buf = bytearray()
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise OSError("websocket closed")
            buf += chunk
        return bytes(buf)

    def recv(self):
        msg = b""
        while True:
            b0, b1 = self._exact(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._exact(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._exact(8))[0]
            payload = self._exact(n)
            opcode = b0 & 0x0F
            if opcode == 8:
                raise OSError("websocket closed by the browser")
            if opcode in (0, 1, 2):
                msg += payload
                if b0 & 0x80:
                    return msg.decode()


class Browser:
    """One headless Chromium with a fresh profile, one page session."""

    def __init__(self, chromium):
        self.profile = tempfile.mkdtemp(prefix="nb-review-chromium-")
        self.proc = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--user-data-dir=" + self.profile, "--remote-debugging-port=0",
             "--window-size=1400,1000", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        for _ in range(300):
            if os.path.exists(port_file) and len(open(port_file).read().split("\n")) >= 2:
                break
            time.sleep(0.1)
        port, path = open(port_file).read().split("\n")[:2]
        self.ws = WebSocket(f"ws://127.0.0.1:{port}{path}")
        self.next_id = 0
        self.events = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget",
                                 {"targetId": target, "flatten": True})["sessionId"]

    def call(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            self.events.append(reply)

    def page(self, method, params=None):
        return self.call(method, params, self.session)

    def wait_event(self, name, timeout=60):
        end = time.time() + timeout
        while time.time() < end:
            for i, e in enumerate(self.events):
                if e.get("method") == name:
                    del self.events[i]
                    return e
            self.events.append(json.loads(self.ws.recv()))
        raise TimeoutError(name)

    def evaluate(self, expr):
        r = self.page("Runtime.evaluate", {"expression": expr, "returnByValue": True,
                                            "awaitPromise": True})
        if "exceptionDetails" in r:
            raise RuntimeError("page script: %s" % r["exceptionDetails"])
        return r["result"].get("value")

    def close(self):
        try:
            self.call("Browser.close")
        except OSError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


# Collected in the page as loaded: no scrolling, no clicking first.
PROBE = r"""(() => {
  const els = Array.from(document.querySelectorAll('[data-path]'));
  const paths = {};
  for (const e of els) {
    const p = e.getAttribute('data-path');
    const o = paths[p] || (paths[p] = {n: 0, flagged: 0, boxes: 0});
    o.n++; if (e.classList.contains('flagged')) o.flagged++;
    if (e.classList.contains('box')) o.boxes++;
  }
  const outside = [];
  let boxes = 0;
  for (const fig of document.querySelectorAll('figure.page')) {
    const img = fig.querySelector('img');
    if (!img) continue;
    const ir = img.getBoundingClientRect();
    for (const r of fig.querySelectorAll('rect.box')) {
      boxes++;
      const b = r.getBoundingClientRect();
      if (b.left < ir.left - 1 || b.top < ir.top - 1 || b.right > ir.right + 1 ||
          b.bottom > ir.bottom + 1 || b.width <= 0 || b.height <= 0)
        outside.push(r.getAttribute('data-path'));
    }
  }
  const views = Array.from(document.querySelectorAll('figure.page'));
  return JSON.stringify({paths, outside, boxes,
    pages: views.map(v => v.getAttribute('data-page')),
    images: Array.from(document.images).filter(i => i.complete && i.naturalWidth > 0).length,
    external: Array.from(document.querySelectorAll('[src],[href]')).map(
      e => e.getAttribute('src') || e.getAttribute('href')).filter(
      u => u && !/^(data:|blob:|#)/.test(u) && !/^[\w.-]+\.html$/.test(u)),
    scripts: document.scripts.length, title: document.title});
})()"""

TYPE = r"""((key, value) => {
  const i = Array.from(document.querySelectorAll('input.fix')).find(
    e => e.getAttribute('data-key') === key);
  if (!i) return null;
  i.focus(); i.value = value;
  i.dispatchEvent(new Event('input', {bubbles: true}));
  const a = document.getElementById('save');
  return JSON.stringify({json: document.getElementById('corrections-json').value,
                         href: a.getAttribute('href') || '', download: a.getAttribute('download'),
                         label: a.textContent});
})"""


META = ("agency", "year")  # metadata, not values of the record's tables


def flagged_paths(record):
    prefixes = [w["path"] for w in record.get("warnings", []) if w.get("path")]
    for c in record.get("checks", []):
        prefixes += c.get("paths", [])

    def flagged(p):
        return any(p == q or p.startswith(q + ".") for q in prefixes)
    return {p for p in record.get("provenance", {}) if flagged(p) and p not in META}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("chromium")
    ap.add_argument("page")
    ap.add_argument("record")
    ap.add_argument("--screenshot")
    ap.add_argument("--scroll-to", help="data-path of a value to show in the screenshot")
    ap.add_argument("--correct")
    ap.add_argument("--corrections-out")
    a = ap.parse_args()
    record = json.load(open(a.record))
    values = {p: v for p, v in record["provenance"].items() if p not in META}
    problems = []
    b = Browser(a.chromium)
    try:
        b.page("Page.enable")
        b.page("Page.navigate", {"url": "file://" + os.path.abspath(a.page)})
        b.wait_event("Page.loadEventFired")
        got = json.loads(b.evaluate(PROBE))
        flagged = flagged_paths(record)
        for p in values:
            o = got["paths"].get(p)
            if not o:
                problems.append(f"{p}: no element with data-path")
            elif p in flagged and o["flagged"] != o["n"]:
                problems.append(f"{p}: flagged, but {o['n'] - o['flagged']} of its elements lack class flagged")
            elif p not in flagged and o["flagged"]:
                problems.append(f"{p}: not flagged, but has class flagged")
        with_box = [p for p, v in values.items() if v.get("box")]
        if got["images"] and got["boxes"] < len(with_box):
            problems.append(f"{got['boxes']} boxes drawn for {len(with_box)} values with a box")
        for p in got["outside"]:
            problems.append(f"{p}: box outside its page image")
        if not got["pages"] or any(not x for x in got["pages"]):
            problems.append(f"page views without data-page: {got['pages']}")
        if got["external"]:
            problems.append(f"references outside the page: {got['external'][:3]}")
        print(f"{os.path.basename(a.page)}: {len(values)} values, {len(flagged)} flagged, "
              f"{got['boxes']} boxes on {len(got['pages'])} page views, "
              f"{got['images']} images decoded")
        if got["scripts"] != 1:
            problems.append(f"{got['scripts']} script elements (only the page's own expected)")
        if a.scroll_to:
            # a person's click on the value's box: the row is selected and shown
            b.evaluate("(b => { if (!b) return; b.scrollIntoView({block: 'center'});"
                       " b.dispatchEvent(new MouseEvent('click', {bubbles: true})); })"
                       "(document.getElementById(%s))" % json.dumps("b-" + a.scroll_to))
            time.sleep(0.3)
        if a.screenshot:
            shot = b.page("Page.captureScreenshot", {"format": "png"})
            with open(a.screenshot, "wb") as f:
                f.write(base64.b64decode(shot["data"]))
        if a.correct:
            key, value = a.correct.split("=", 1)
            r = b.evaluate(TYPE + "(%s, %s)" % (json.dumps(key), json.dumps(value)))
            if r is None:
                problems.append(f"{key}: no correction input")
            else:
                r = json.loads(r)
                if not r["href"].startswith("blob:") or not r["download"]:
                    problems.append(f"save link not offered: {r}")
                with open(a.corrections_out, "w") as f:
                    f.write(r["json"] + "\n")
    finally:
        b.close()
    for p in problems:
        print("FAIL:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
