"""Runs Django's signed_cookies SessionStore for the interop tests.

Reads one JSON request on stdin, writes one JSON answer on stdout:
  {"op": "save", "secret": s, "items": {...}, "expiry": n|null} -> {"value": session_key}
  {"op": "load", "secret": s, "value": v} -> {"ok": bool, "data": {...}, "expiry_age": n}
"""
import json
import sys
import time

import django
from django.conf import settings

request = json.load(sys.stdin)
if request.get("now") is not None:
    # A frozen clock (Unix seconds) for both signing and the max_age check.
    time.time = lambda: request["now"]
settings.configure(
    SECRET_KEY=request["secret"],
    USE_TZ=True,
    TIME_ZONE="UTC",
    INSTALLED_APPS=[],
    SESSION_COOKIE_AGE=request.get("cookieAge", 1209600),
)
django.setup()

from django.contrib.sessions.backends.signed_cookies import SessionStore  # noqa: E402

if request["op"] == "save":
    store = SessionStore()
    for key, value in request["items"].items():
        store[key] = value
    # Python literals JSON cannot carry (2**64, float('nan')), evaluated here.
    for key, source in request.get("pythonItems", {}).items():
        store[key] = eval(source)
    if request.get("expiry") is not None:
        store.set_expiry(request["expiry"])
    store.save()
    answer = {"value": store.session_key}
elif request["op"] == "load":
    store = SessionStore(session_key=request["value"])
    data = store.load()
    # load() calls create() (which only sets `modified`) when the value is refused.
    ok = not store.modified
    store._session_cache = data
    answer = {
        "ok": ok,
        "data": {k: v for k, v in data.items() if k not in request.get("reprOnly", [])},
        "reprs": {k: repr(v) for k, v in data.items()},
        "expiry_age": store.get_expiry_age() if ok else None,
    }
else:
    raise SystemExit("unknown op")

json.dump(answer, sys.stdout)
