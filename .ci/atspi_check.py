#!/usr/bin/env python3
"""Koridor's screen-reader check: what a screen reader (Orca) sees of the real window.

Usage (CI runs it this way; it needs an X display and a private session bus):

    xvfb-run -a -s "-screen 0 1600x1000x24 -noreset" dbus-run-session -- \
        python3 .ci/atspi_check.py target/debug/koridor [--dump] [--only abcdefg] \
        [--timeout S] [--action-timeout S] [--date RFC3339]

It enables accessibility on the session bus (org.a11y.Status.IsEnabled, which starts the AT-SPI
bus through D-Bus activation; AccessKit publishes nothing until that property is true), opens
the window on the embedded dataset with an empty HOME, waits for it in the AT-SPI desktop tree,
and checks the tree the way a screen-reader user meets it: the window's name, the map's text
equivalent, one list entry per corridor with its status, the date slider's value as a date, a
route activated through its AT-SPI action showing its details, that activation announced through
the polite live region (the object:announcement signal, and the map's description naming the
selection), and the Help dialog opened with F1 (sent with XTest through the AT-SPI registry, once
the window has the X focus) with the focus on Close, then closed with Escape. One PASS/FAIL line
a check, the offending nodes under a failure; exit 0 when every check passes, 1 when one fails, 2
when the window could not be inspected at all. The app is always killed at the end.

--dump prints the whole tree (role, name, description, states, actions, value, text) once it has
settled, and again after the route was activated.

The expected corridors (ids, names, statuses) come from `koridor list --json` at the same date as
the window, so the check follows the dataset rather than a copy of it.
"""

import argparse
import atexit
import ctypes
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

# pyatspi is a Debian package (python3-pyatspi) for the system Python. Where another Python comes
# first on PATH (pyenv, a virtualenv), run again under the system one instead of failing.
SYSTEM_PYTHON = "/usr/bin/python3"
try:
    import pyatspi
    from gi.repository import Gio, GLib
except ImportError:
    if (os.path.exists(SYSTEM_PYTHON)
            and os.path.realpath(sys.executable) != os.path.realpath(SYSTEM_PYTHON)
            and not os.environ.get("KORIDOR_ATSPI_REEXEC")):
        os.environ["KORIDOR_ATSPI_REEXEC"] = "1"
        os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON, *sys.argv])
    sys.stderr.write("atspi_check: needs pyatspi (Debian: apt-get install python3-pyatspi)\n")
    sys.exit(2)

# The English status words the window shows for each dataset status. "unreported" reads
# "outcome not reported" in the window (README, Status).
STATUS_WORDS = {
    "unreported": ["unreported", "not reported"],
}
COUNTRY_NAMES = {"BY": "Belarus", "RU": "Russia", "UA": "Ukraine"}
# A date as a person reads it: a month name, a year, or an ISO date. A bare number ("349", the
# slider's raw hour index) is not one.
DATE_RE = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b|\b20\d\d\b|\d{4}-\d\d-\d\d"
)
ACTIVATE_ROUTE = "kyiv-gomel"  # the route check (e) activates
POLL = 0.25  # seconds between polls
MAX_NODES = 20000  # a runaway tree (a bug of its own) stops the walk here
SHOW_MAX = 12  # offending nodes printed per failed check


def log(message):
    print(message, flush=True)


# --- the app -------------------------------------------------------------------------------------


class App:
    """The koridor window, started in its own process group so that it can always be killed."""

    def __init__(self, binary, args, home, attempt=1):
        self.log_path = os.path.join(home, f"koridor-{attempt}.log")
        env = dict(os.environ)
        env.update(
            HOME=home,
            XDG_CONFIG_HOME=os.path.join(home, ".config"),
            XDG_DATA_HOME=os.path.join(home, ".local", "share"),
            XDG_CACHE_HOME=os.path.join(home, ".cache"),
            XDG_STATE_HOME=os.path.join(home, ".local", "state"),
            LIBGL_ALWAYS_SOFTWARE="1",
        )
        for sub in (".config", ".local/share", ".cache", ".local/state"):
            os.makedirs(os.path.join(home, sub), exist_ok=True)
        self.logfile = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [binary, *args],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self.logfile,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self):
        return self.proc.pid

    def running(self):
        return self.proc.poll() is None

    def log_tail(self, lines=20):
        try:
            with open(self.log_path, "rb") as f:
                text = f.read().decode("utf-8", "replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def kill(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(timeout=5)
        self.logfile.close()


def enable_accessibility():
    """Sets org.a11y.Status.IsEnabled on the session bus (D-Bus activates at-spi-bus-launcher)."""
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    bus.call_sync(
        "org.a11y.Bus",
        "/org/a11y/bus",
        "org.freedesktop.DBus.Properties",
        "Set",
        GLib.Variant("(ssv)", ("org.a11y.Status", "IsEnabled", GLib.Variant("b", True))),
        None,
        Gio.DBusCallFlags.NONE,
        20000,
        None,
    )
    reply = bus.call_sync(
        "org.a11y.Bus",
        "/org/a11y/bus",
        "org.freedesktop.DBus.Properties",
        "Get",
        GLib.Variant("(ss)", ("org.a11y.Status", "IsEnabled")),
        GLib.VariantType.new("(v)"),
        Gio.DBusCallFlags.NONE,
        20000,
        None,
    )
    return bool(reply.unpack()[0])


def corridors(binary, date):
    """The corridors as `koridor list --json` reports them: a list of {id, name, status, ...}."""
    args = [binary, "--lang", "en"] + (["--date", date] if date else []) + ["list", "--json"]
    out = subprocess.run(args, check=True, capture_output=True, timeout=120).stdout
    routes = json.loads(out)
    if not isinstance(routes, list) or not routes:
        raise RuntimeError("koridor list --json printed no corridors")
    return routes


# --- the tree ------------------------------------------------------------------------------------


class Node:
    """One accessible, read once: its properties and the interfaces a screen reader uses."""

    __slots__ = ("acc", "path", "depth", "role", "name", "description", "states", "actions",
                 "value", "value_text", "text", "children")

    def __init__(self, acc, path):
        self.acc = acc
        self.path = path
        self.depth = len(path)
        self.children = []
        self.role = safe(acc.getRoleName, "?")
        self.name = safe(lambda: acc.name, "") or ""
        self.description = safe(lambda: acc.description, "") or ""
        self.states = safe(
            lambda: sorted(pyatspi.stateToString(s) for s in acc.getState().getStates()), []
        )
        interfaces = safe(acc.get_interfaces, []) or []
        self.actions = []
        if "Action" in interfaces:
            def read_actions():
                action = acc.queryAction()
                return [action.getName(i) or "?" for i in range(action.nActions)]
            self.actions = safe(read_actions, [])
        self.value = None
        self.value_text = ""
        if "Value" in interfaces:
            def read_value():
                v = acc.queryValue()
                return (v.currentValue, v.minimumValue, v.maximumValue)
            self.value = safe(read_value, None)
            # Value.Text (AT-SPI ≥ 2.46); AccessKit 0.21 does not implement it, so usually empty.
            self.value_text = safe(lambda: acc.get_value_iface().get_text(), "") or ""
        self.text = ""
        if "Text" in interfaces:
            def read_text():
                t = acc.queryText()
                return t.getText(0, -1)
            self.text = safe(read_text, "") or ""

    def key(self):
        return (self.role, self.name, self.description, self.text)

    def show(self):
        parts = [f"[{'.'.join(map(str, self.path)) or 'app'}]", self.role,
                 json.dumps(self.name, ensure_ascii=False)]
        if self.description:
            parts.append("desc=" + json.dumps(clip(self.description), ensure_ascii=False))
        if self.value is not None:
            parts.append("value=%g (%g..%g)" % self.value)
        if self.value_text:
            parts.append("value_text=" + json.dumps(self.value_text, ensure_ascii=False))
        if self.text and self.text != self.name:
            parts.append("text=" + json.dumps(clip(self.text), ensure_ascii=False))
        if self.actions:
            parts.append("actions=" + ",".join(self.actions))
        interesting = [s for s in self.states if s in INTERESTING_STATES]
        if interesting:
            parts.append("states=" + ",".join(interesting))
        return " ".join(parts)


INTERESTING_STATES = {"focusable", "focused", "selectable", "selected", "checked", "expanded",
                      "collapsed", "expandable", "editable", "sensitive", "showing", "visible",
                      "active", "modal", "multi-line", "read-only", "pressed", "enabled"}


def safe(f, default):
    try:
        return f()
    except Exception:  # a node that vanished mid-walk, an interface AccessKit left out
        return default


def clip(s, n=300):
    return s if len(s) <= n else s[:n] + f"… ({len(s)} chars)"


class Tree:
    def __init__(self, app_acc):
        self.root = Node(app_acc, ())
        self.nodes = [self.root]
        self._walk(self.root)

    def _walk(self, node):
        stack = [node]
        while stack and len(self.nodes) < MAX_NODES:
            parent = stack.pop()
            count = safe(lambda: parent.acc.childCount, 0) or 0
            kids = []
            for i in range(count):
                child = safe(lambda: parent.acc.getChildAtIndex(i), None)
                if child is None:
                    continue
                n = Node(child, parent.path + (i,))
                kids.append(n)
                self.nodes.append(n)
            parent.children = kids
            stack.extend(reversed(kids))

    def frames(self):
        return [n for n in self.root.children if n.role in ("frame", "window", "dialog")]

    def dump(self, title):
        log(f"--- AT-SPI tree: {title} ({len(self.nodes)} nodes) ---")
        for n in self.in_order():
            log("  " * n.depth + n.show())
        log("--- end of tree ---")

    def in_order(self):
        out = []
        stack = [self.root]
        while stack:
            n = stack.pop()
            out.append(n)
            stack.extend(reversed(n.children))
        return out

    def signature(self):
        return tuple(n.key() for n in self.nodes)


def find_app(pid):
    """The koridor application on the AT-SPI desktop: by process id, else by name or frame."""
    desktop = pyatspi.Registry.getDesktop(0)
    fallback = None
    for i in range(safe(lambda: desktop.childCount, 0) or 0):
        app = safe(lambda: desktop.getChildAtIndex(i), None)
        if app is None:
            continue
        if safe(app.get_process_id, None) == pid:
            return app
        name = safe(lambda: app.name, "") or ""
        frames = [safe(lambda: app.getChildAtIndex(j).name, "") or ""
                  for j in range(safe(lambda: app.childCount, 0) or 0)]
        if name.lower() == "koridor" or any("Koridor" in f for f in frames):
            fallback = app
    return fallback


def wait_for(what, timeout, probe, app, quiet=False):
    """Polls probe() until it returns something truthy; None after timeout or if the app died."""
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if result:
            return result
        if not app.running():
            if not quiet:
                log(f"FAIL setup: koridor exited (status {app.proc.returncode}) while waiting "
                    f"for {what}")
            return None
        if time.monotonic() > deadline:
            if not quiet:
                log(f"FAIL setup: no {what} after {timeout:.0f} s")
            return None
        time.sleep(POLL)


def settled_tree(app_acc, app, timeout):
    """Walks the tree until two walks in a row agree (egui fills it over its first frames)."""
    deadline = time.monotonic() + timeout
    previous = None
    while True:
        tree = Tree(app_acc)
        if (previous is not None and len(tree.nodes) > 2
                and tree.signature() == previous.signature()):
            return tree
        if time.monotonic() > deadline or not app.running():
            return tree
        previous = tree
        time.sleep(POLL * 2)


# --- the checks ----------------------------------------------------------------------------------


class Result:
    def __init__(self, ok, summary, offending=(), notes=()):
        self.ok = ok
        self.summary = summary
        self.offending = list(offending)
        self.notes = list(notes)


def check_window_name(ctx):
    frames = ctx.tree.frames()
    named = [f for f in frames if "Koridor" in f.name]
    if named:
        return Result(True, f"window is named {named[0].name!r}")
    return Result(False, f"no frame named …Koridor… (application node: {ctx.tree.root.name!r})",
                  frames or [ctx.tree.root])


MAP_NAME = re.compile(r"\bmap\b", re.IGNORECASE)


def check_map_description(ctx):
    candidates = [n for n in ctx.tree.nodes if MAP_NAME.search(n.name)]
    good = [n for n in candidates if n.description.strip() and DATE_RE.search(n.description)]
    if good:
        return Result(True, f"map node {good[0].role} {good[0].name!r} is described: "
                      f"{clip(good[0].description, 160)!r}")
    # Where the map probably is when it is not named: unnamed nodes of the roles an egui widget
    # without WidgetInfo (AccessKit Role::Unknown) or a drawing gets.
    unnamed = [n for n in ctx.tree.nodes if not n.name
               and n.role in ("unknown", "image", "canvas", "drawing area", "landmark", "panel")
               and not n.children]
    if not candidates:
        return Result(False, "no node named …map… (as a word) at all; unnamed leaf nodes below",
                      unnamed)
    return Result(False, "nodes named …map… but none has a description mentioning the date; "
                  "unnamed leaf nodes after them", candidates + unnamed)


def status_words(status):
    return STATUS_WORDS.get(status, [status])


def names_route(node, route):
    return route["name"].casefold() in node.name.casefold()


def names_status(node, route):
    return any(re.search(r"\b" + re.escape(w) + r"\b", node.name, re.IGNORECASE)
               for w in status_words(route["status"]))


def match_routes(nodes, routes):
    """One distinct node per route (bipartite matching: names such as "Mariupol → Zaporizhzhia"
    are inside "Mariupol → Zaporizhzhia (5–6 March)", and one name is shared by two routes)."""
    options = {r["id"]: [i for i, n in enumerate(nodes) if names_route(n, r) and names_status(n, r)]
               for r in routes}
    owner = {}  # node index -> route id

    def assign(rid, seen):
        for i in options[rid]:
            if i in seen:
                continue
            seen.add(i)
            if i not in owner or assign(owner[i], seen):
                owner[i] = rid
                return True
        return False

    for r in sorted(routes, key=lambda r: len(options[r["id"]])):
        assign(r["id"], set())
    return {rid: nodes[i] for i, rid in owner.items()}


def regions(tree):
    """The window's regions: each child of each frame (egui's panels), with their descendants."""
    out = []
    for frame in tree.frames():
        for region in frame.children:
            members, stack = [], [region]
            while stack:
                n = stack.pop()
                members.append(n)
                stack.extend(n.children)
            out.append((region, members))
    return out


def check_routes_listed(ctx):
    """The corridors list is one region of the window (the left panel) that names every route
    with its status: counted region by region, so that route names scattered over the window
    (the destination countries' links, the details) do not add up to a list."""
    routes = ctx.routes
    best_region, best = None, {}
    for region, members in regions(ctx.tree):
        matched = match_routes(members, routes)
        if len(matched) > len(best):
            best_region, best = region, matched
    ctx.route_nodes = best
    if best_region is not None and len(best) == len(routes):
        roles = sorted({n.role for n in best.values()})
        return Result(True, f"all {len(routes)} corridors have their own node in "
                      f"{best_region.role} [{'.'.join(map(str, best_region.path))}] naming the "
                      f"route and its status (roles: {', '.join(roles)})")
    nodes = ctx.tree.nodes
    named_anywhere = [r for r in routes if any(names_route(n, r) for n in nodes)]
    where = (f"{best_region.role} [{'.'.join(map(str, best_region.path))}]" if best_region
             else "no region")
    summary = (f"{len(routes) - len(best)} of {len(routes)} corridors lack a node naming route "
               f"and status in one region (best: {len(best)} in {where}); "
               f"{len(named_anywhere)} of {len(routes)} route names appear somewhere in the tree")
    notes, offending = [], []
    missing = [r for r in routes if r["id"] not in best]
    for r in missing[:SHOW_MAX]:
        named = [n for n in nodes if names_route(n, r)]
        words = "/".join(status_words(r["status"]))
        if not named:
            notes.append(f"{r['id']} ({r['name']}, {words}): no node's name contains the route "
                         "name (not in the tree at all)")
        elif not any(names_status(n, r) for n in named):
            notes.append(f"{r['id']} ({r['name']}, {words}): named by {len(named)} node(s), none "
                         f"of whose names says {words!r}")
        else:
            notes.append(f"{r['id']} ({r['name']}, {words}): named with its status only outside "
                         f"{where}, or its node is taken by another route of that name")
        offending.extend(named[:2])
    if len(missing) > SHOW_MAX:
        notes.append(f"… and {len(missing) - SHOW_MAX} more corridors")
    return Result(False, summary, offending, notes)


def check_slider_date(ctx):
    sliders = [n for n in ctx.tree.nodes if n.role == "slider"]
    if not sliders:
        return Result(False, "no node with role slider")
    for s in sliders:
        spoken = {"value text": s.value_text, "text": s.text, "name": s.name,
                  "description": s.description}
        where = [k for k, v in spoken.items() if v and DATE_RE.search(v)]
        if where:
            shown = s.value_text or s.text or s.name
            return Result(True, f"slider {s.name!r} gives its date in its {' and '.join(where)}: "
                          f"{clip(shown, 120)!r} (Value: {s.value[0] if s.value else None})")
    return Result(False, "no slider gives its value as a date (month or year) in its value text, "
                  "text, name or description", sliders)


def check_activate_route(ctx):
    route = next((r for r in ctx.routes if r["id"] == ACTIVATE_ROUTE), None)
    if route is None:
        return Result(False, f"the dataset has no corridor {ACTIVATE_ROUTE!r}")
    country = COUNTRY_NAMES.get(route.get("destination_country"), route.get("destination_country"))
    node = (ctx.route_nodes or {}).get(route["id"])
    if node is None or not node.actions:
        named = [n for n in ctx.tree.nodes if names_route(n, route)]
        # The list's entry first (a button or list item), not a link elsewhere.
        named.sort(key=lambda n: n.role == "link")
        node = next((n for n in named if n.actions), None)
        if node is None:
            return Result(False, f"no node naming {route['name']!r} has an AT-SPI action", named)
    before = {n.key() for n in ctx.tree.nodes}
    try:
        done = node.acc.queryAction().doAction(0)
    except Exception as e:  # noqa: BLE001
        return Result(False, f"doAction(0) on the {route['name']!r} node raised {e}", [node])
    ctx.activated = route  # check (f) listens for what this announced

    def spoken(n):
        # Names and text only: the map's description also names the selection, but the check is
        # about the details a reader can move through.
        return " | ".join(x for x in (n.name, n.text) if x)

    def details():
        tree = Tree(ctx.app_acc)
        new = [n for n in tree.nodes if n.key() not in before]
        text = " \n".join(spoken(n) for n in new)
        names = any(route["name"] in spoken(n) or route["destination"] in spoken(n) for n in new)
        if names and country in text:
            return tree, new
        ctx.last_tree, ctx.last_new = tree, new
        return None

    ctx.last_tree, ctx.last_new = None, []
    found = wait_for("details", ctx.args.action_timeout, details, ctx.app, quiet=True)
    if found:
        tree, new = found
        if ctx.args.dump:
            tree.dump(f"after doAction(0) on {route['name']!r}")
        heading = next((n for n in new if route["name"] in n.name and n.role == "heading"), None)
        first = heading or next(n for n in new if route["name"] in spoken(n)
                                or route["destination"] in spoken(n))
        return Result(True, f"doAction(0) ({node.actions[0]}) on {node.role} {node.name!r} "
                      f"brought {len(new)} new node(s), e.g. {first.role} {clip(first.name, 80)!r}"
                      f"{' (a heading)' if heading else ''}, mentioning {country!r}")
    if ctx.args.dump and ctx.last_tree is not None:
        ctx.last_tree.dump(f"after doAction(0) on {route['name']!r} (no details found)")
    return Result(False, f"after doAction(0) → {done} on {node.role} {node.name!r}, no new "
                  f"node's name or text gives {route['name']!r} (or {route['destination']!r}) with "
                  f"{country!r} within {ctx.args.action_timeout:.0f} s ({len(ctx.last_new)} "
                  "new/changed node(s), shown below)", [node] + ctx.last_new)


# --- announcements (check f) ---------------------------------------------------------------------


class Announcements:
    """AT-SPI announcements as a screen reader hears them: AccessKit sends the D-Bus signal
    org.a11y.atspi.Event.Object.Announcement (any_data: the text, detail1: the politeness, 1
    polite, 2 assertive) when a live node's name changes, and libatspi hands it to listeners of
    "object:announcement". Collected from start() on; pump() delivers what the bus has queued."""

    EVENT = "object:announcement"
    PROBE = "koridor atspi_check probe announcement"

    def __init__(self):
        self.heard = []  # (text, politeness, source role, source name)
        self.registered = False
        self.error = None

    def start(self):
        try:
            pyatspi.Registry.registerEventListener(self._on_event, self.EVENT)
            self.registered = True
        except Exception as e:  # noqa: BLE001 (check f falls back to the live label's name)
            self.error = f"{type(e).__name__}: {e}"

    def _on_event(self, event):
        text = event.any_data if isinstance(event.any_data, str) else ""
        role = safe(event.source.getRoleName, "?") if event.source is not None else "?"
        name = safe(lambda: event.source.name, "") if event.source is not None else ""
        self.heard.append((text, event.detail1, role, name or ""))

    def pump(self):
        """Runs the GLib main context (where libatspi's bus connection dispatches) until idle."""
        context = GLib.MainContext.default()
        for _ in range(10000):
            if not context.iteration(False):
                break

    def probe(self, timeout=3.0):
        """Whether this signal type reaches pyatspi at all: sends an Announcement of our own on
        the AT-SPI bus (the body AccessKit sends: kind, detail1 = politeness, detail2, any_data
        = the text, properties) and waits for it."""
        try:
            session = Gio.bus_get_sync(Gio.BusType.SESSION, None)
            address = session.call_sync(
                "org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress", None,
                GLib.VariantType.new("(s)"), Gio.DBusCallFlags.NONE, 5000, None).unpack()[0]
            conn = Gio.DBusConnection.new_for_address_sync(
                address, Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT
                | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION, None, None)
            conn.emit_signal(None, "/org/a11y/atspi/accessible/root",
                             "org.a11y.atspi.Event.Object", "Announcement",
                             GLib.Variant("(siiva{sv})",
                                          ("", POLITE, 0, GLib.Variant("s", self.PROBE), {})))
            conn.flush_sync(None)
        except Exception as e:  # noqa: BLE001
            self.error = f"probe: {type(e).__name__}: {e}"
            return False
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                self.pump()
                if any(t == self.PROBE for t, *_ in self.heard):
                    return True
                time.sleep(0.05)
            return False
        finally:
            safe(lambda: conn.close_sync(None), None)

    def stop(self):
        if self.registered:
            safe(lambda: pyatspi.Registry.deregisterEventListener(self._on_event, self.EVENT),
                 None)
            self.registered = False


POLITE = 1  # AT-SPI's politeness of an announcement (detail1): 1 polite, 2 assertive


def walk(acc, want, limit=MAX_NODES, depth=None):
    """Accessibles under acc (breadth first, down to depth levels below it) for which
    want(acc, role) holds; reads only roles, so that a poll does not read every property."""
    out, queue, seen = [], [(acc, 0)], 0
    while queue and seen < limit:
        a, d = queue.pop(0)
        seen += 1
        role = safe(a.getRoleName, "?")
        if want(a, role):
            out.append(a)
        if depth is not None and d >= depth:
            continue
        for i in range(safe(lambda: a.childCount, 0) or 0):
            child = safe(lambda: a.getChildAtIndex(i), None)
            if child is not None:
                queue.append((child, d + 1))
    return out


def announces(text, route):
    """The announcement of a route's selection: "<name>, proposed by …" with its status."""
    return (text.startswith(route["name"]) and "proposed by" in text
            and any(re.search(r"\b" + re.escape(w) + r"\b", text, re.IGNORECASE)
                    for w in status_words(route["status"])))


def check_announcement(ctx):
    if ctx.activated is None:  # check (e) was left out (--only): activate the route here
        first = check_activate_route(ctx)
        if ctx.activated is None:
            return Result(False, f"could not activate {ACTIVATE_ROUTE!r}: {first.summary}",
                          first.offending, first.notes)
    route = ctx.activated
    words = "/".join(status_words(route["status"]))
    expected = f"{route['name']!r}, \"proposed by\" and {words!r}"
    heard = ctx.announcements
    problems, offending, notes = [], [], []

    def announcement():
        heard.pump()
        return next((a for a in heard.heard if announces(a[0], route)), None)

    got = None
    if heard.registered:
        got = wait_for("announcement", ctx.args.action_timeout, announcement, ctx.app, quiet=True)
    if got:
        text, politeness, role, name = got
        how = (f"object:announcement signal received (politeness {politeness}"
               f"{' = polite' if politeness == POLITE else ''}) from {role} "
               f"{clip(name, 40)!r}: {clip(text, 90)!r}")
        if politeness != POLITE:
            problems.append(f"the announcement is not polite (detail1 = {politeness}, "
                            f"{POLITE} is polite)")
    else:
        # No signal: can pyatspi receive this signal type here at all? Only if it cannot does
        # the live region's name change stand in for the announcement.
        receivable = heard.registered and heard.probe()
        label = live_label(ctx, route)
        if label is None:
            how = "neither an announcement signal nor a live label with its text"
            problems.append(f"no announcement and no label of the window naming {expected} "
                            f"within {ctx.args.action_timeout:.0f} s")
        elif receivable:
            how = ("the live label's name changed but no object:announcement signal came, though "
                   "a probe announcement sent on the AT-SPI bus was received")
            problems.append(f"no {Announcements.EVENT} signal with {expected} within "
                            f"{ctx.args.action_timeout:.0f} s (is the label still Live::Polite?)")
            offending.append(label)
        else:
            why = (f"the listener could not be registered: {heard.error}" if not heard.registered
                   else "not even a probe announcement sent on the AT-SPI bus was received")
            how = (f"ONLY the live label's name change observed, NOT the announcement signal "
                   f"(pyatspi cannot receive {Announcements.EVENT} here: {why}): "
                   f"{clip(label.name, 90)!r}")
        notes.extend(f"heard: {clip(t, 120)!r} (politeness {p}, from {r} {clip(n, 40)!r})"
                     for t, p, r, n in heard.heard[-SHOW_MAX:] if t != Announcements.PROBE)

    selected = f"Selected: {route['name']}"
    # The map node as the first walk found it (AccessKit keeps a node's object path), read again.
    maps = [n.acc for n in ctx.tree.nodes if MAP_NAME.search(n.name) and n.description] or walk(
        ctx.app_acc, lambda a, role: MAP_NAME.search(safe(lambda: a.name, "") or ""))
    seen = []

    def map_described():
        seen[:] = [Node(a, ()) for a in maps]
        return next((n for n in seen if selected in n.description), None)

    if not wait_for("map description", ctx.args.action_timeout, map_described, ctx.app,
                    quiet=True):
        problems.append(f"no map node's description contains {selected!r}")
        offending.extend(seen)
    if problems:
        return Result(False, f"after activating {route['name']!r}: " + "; ".join(problems)
                      + f" ({how})", offending, notes)
    return Result(True, f"{how}; the map's description says {selected!r}")


def live_label(ctx, route):
    """The live region with the route's announcement as its name: a label of the window (a
    child of the frame, not one of the details panel's labels)."""
    def find():
        for frame in walk(ctx.app_acc, lambda a, role: role == "frame", depth=1):
            for i in range(safe(lambda: frame.childCount, 0) or 0):
                child = safe(lambda: frame.getChildAtIndex(i), None)
                if (child is not None and safe(child.getRoleName, "") == "label"
                        and announces(safe(lambda: child.name, "") or "", route)):
                    return Node(child, (0, i))
        return None

    return wait_for("live label", ctx.args.action_timeout, find, ctx.app, quiet=True)


# --- keyboard (check g) --------------------------------------------------------------------------


class X11:
    """Just enough Xlib, through ctypes (libX11 is there wherever Xvfb is, no Python package
    needed), to give the window the X focus and to look keycodes up. Keys themselves are sent
    with pyatspi.Registry.generateKeyboardEvent (XTest, from the AT-SPI registry daemon), which
    go to the window that has the X focus."""

    IS_VIEWABLE = 2
    REVERT_TO_PARENT = 2

    class WindowAttributes(ctypes.Structure):
        _fields_ = [("x", ctypes.c_int), ("y", ctypes.c_int), ("width", ctypes.c_int),
                    ("height", ctypes.c_int), ("border_width", ctypes.c_int),
                    ("depth", ctypes.c_int), ("visual", ctypes.c_void_p),
                    ("root", ctypes.c_ulong), ("class_", ctypes.c_int),
                    ("bit_gravity", ctypes.c_int), ("win_gravity", ctypes.c_int),
                    ("backing_store", ctypes.c_int), ("backing_planes", ctypes.c_ulong),
                    ("backing_pixel", ctypes.c_ulong), ("save_under", ctypes.c_int),
                    ("colormap", ctypes.c_ulong), ("map_installed", ctypes.c_int),
                    ("map_state", ctypes.c_int), ("all_event_masks", ctypes.c_long),
                    ("your_event_mask", ctypes.c_long), ("do_not_propagate_mask", ctypes.c_long),
                    ("override_redirect", ctypes.c_int), ("screen", ctypes.c_void_p)]

    def __init__(self):
        x = ctypes.CDLL("libX11.so.6")
        vp, ul, i, ulp = ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.POINTER(
            ctypes.c_ulong)
        x.XOpenDisplay.restype = vp
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XDefaultRootWindow.restype = ul
        x.XDefaultRootWindow.argtypes = [vp]
        x.XQueryTree.argtypes = [vp, ul, ulp, ulp, ctypes.POINTER(ulp),
                                 ctypes.POINTER(ctypes.c_uint)]
        x.XFree.argtypes = [vp]
        x.XInternAtom.restype = ul
        x.XInternAtom.argtypes = [vp, ctypes.c_char_p, i]
        x.XGetWindowProperty.argtypes = [vp, ul, ul, ctypes.c_long, ctypes.c_long, i, ul, ulp,
                                         ctypes.POINTER(i), ulp, ulp,
                                         ctypes.POINTER(ctypes.POINTER(ctypes.c_ubyte))]
        x.XGetWindowAttributes.argtypes = [vp, ul, ctypes.POINTER(X11.WindowAttributes)]
        x.XSetInputFocus.argtypes = [vp, ul, i, ul]
        x.XGetInputFocus.argtypes = [vp, ulp, ctypes.POINTER(i)]
        x.XRaiseWindow.argtypes = [vp, ul]
        x.XSync.argtypes = [vp, i]
        x.XStringToKeysym.restype = ul
        x.XStringToKeysym.argtypes = [ctypes.c_char_p]
        x.XKeysymToKeycode.restype = ctypes.c_ubyte
        x.XKeysymToKeycode.argtypes = [vp, ul]
        x.XCloseDisplay.argtypes = [vp]
        self.x = x
        # Xlib's default error handler exits the process; a window gone mid-way must not.
        self.errors = 0
        handler_type = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)

        def on_error(display, event):
            self.errors += 1
            return 0

        self._handler = handler_type(on_error)
        x.XSetErrorHandler.argtypes = [handler_type]
        x.XSetErrorHandler(self._handler)
        self.dpy = x.XOpenDisplay(None)
        if not self.dpy:
            raise RuntimeError(f"cannot open X display {os.environ.get('DISPLAY')!r}")
        self.root = x.XDefaultRootWindow(self.dpy)
        self.pid_atom = x.XInternAtom(self.dpy, b"_NET_WM_PID", 0)

    def close(self):
        if self.dpy:
            self.x.XCloseDisplay(self.dpy)
            self.dpy = None

    def children(self, window):
        root, parent = ctypes.c_ulong(), ctypes.c_ulong()
        kids, n = ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
        if not self.x.XQueryTree(self.dpy, window, ctypes.byref(root), ctypes.byref(parent),
                                 ctypes.byref(kids), ctypes.byref(n)):
            return []
        out = [kids[k] for k in range(n.value)]
        if kids:
            self.x.XFree(kids)
        return out

    def pid(self, window):
        kind, fmt = ctypes.c_ulong(), ctypes.c_int()
        n, after = ctypes.c_ulong(), ctypes.c_ulong()
        data = ctypes.POINTER(ctypes.c_ubyte)()
        status = self.x.XGetWindowProperty(self.dpy, window, self.pid_atom, 0, 1, 0, 6,  # CARDINAL
                                           ctypes.byref(kind), ctypes.byref(fmt), ctypes.byref(n),
                                           ctypes.byref(after), ctypes.byref(data))
        pid = None
        if status == 0 and data and n.value >= 1 and fmt.value == 32:
            pid = ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))[0]  # format 32: C longs
        if data:
            self.x.XFree(data)
        return pid

    def attributes(self, window):
        attrs = X11.WindowAttributes()
        if not self.x.XGetWindowAttributes(self.dpy, window, ctypes.byref(attrs)):
            return None
        return attrs

    def window_of(self, pid):
        """The process's largest viewable top-level window (no window manager under Xvfb, so
        top-level windows are the root's children)."""
        best, area = None, 0
        for w in self.children(self.root):
            if self.pid(w) != pid:
                continue
            attrs = self.attributes(w)
            if attrs and attrs.map_state == X11.IS_VIEWABLE and attrs.width * attrs.height > area:
                best, area = w, attrs.width * attrs.height
        return best

    def focus(self, window):
        self.x.XRaiseWindow(self.dpy, window)
        self.x.XSetInputFocus(self.dpy, window, X11.REVERT_TO_PARENT, 0)  # CurrentTime
        self.x.XSync(self.dpy, 0)
        focused, revert = ctypes.c_ulong(), ctypes.c_int()
        self.x.XGetInputFocus(self.dpy, ctypes.byref(focused), ctypes.byref(revert))
        return focused.value == window

    def keycode(self, name):
        return self.x.XKeysymToKeycode(self.dpy, self.x.XStringToKeysym(name.encode()))


HELP_TITLE = "Keyboard shortcuts"


def press(keycode):
    pyatspi.Registry.generateKeyboardEvent(keycode, None, pyatspi.KEY_PRESSRELEASE)


def check_help_dialog(ctx):
    if ctx.x11 is None:
        ctx.x11 = X11()
    x = ctx.x11
    keys = {k: x.keycode(k) for k in ("F1", "Escape")}
    missing = [k for k, code in keys.items() if not code]
    if missing:
        return Result(False, f"the X keymap has no keycode for {', '.join(missing)}")
    window = wait_for("X window", 5, lambda: x.window_of(ctx.app.pid), ctx.app, quiet=True)
    if window is None:
        return Result(False, f"no viewable X window with _NET_WM_PID {ctx.app.pid}")
    if not x.focus(window):
        return Result(False, f"XSetInputFocus did not give X window {window:#x} the focus")
    # egui learns of the focus through winit; AccessKit then marks the frame active.
    frames = walk(ctx.app_acc, lambda a, role: role == "frame", depth=1)

    def active():
        return any(pyatspi.STATE_ACTIVE in safe(lambda: f.getState().getStates(), [])
                   for f in frames)

    was_active = wait_for("active frame", 5, active, ctx.app, quiet=True)

    def dialogs():
        # egui's modal is a layer of its own, a child of the frame: application → frame → dialog.
        return walk(ctx.app_acc, lambda a, role: role == "dialog"
                    and HELP_TITLE in (safe(lambda: a.name, "") or ""), depth=2)

    already = dialogs()
    if already:
        return Result(False, f"a {HELP_TITLE!r} dialog is open before F1", [Node(already[0], ())])
    press(keys["F1"])
    found = wait_for("dialog", ctx.args.action_timeout, dialogs, ctx.app, quiet=True)
    if not found:
        tree = Tree(ctx.app_acc)
        return Result(False, f"F1 (keycode {keys['F1']}) to X window {window:#x} "
                      f"({'active' if was_active else 'NOT active'} in AT-SPI) opened no dialog "
                      f"named {HELP_TITLE!r} within {ctx.args.action_timeout:.0f} s; dialogs and "
                      "focused nodes below",
                      [n for n in tree.nodes if n.role == "dialog" or "focused" in n.states])
    dialog = found[0]

    def focused():
        return walk(dialog, lambda a, role: pyatspi.STATE_FOCUSED
                    in safe(lambda: a.getState().getStates(), []))

    inside = wait_for("focus in the dialog", ctx.args.action_timeout, focused, ctx.app,
                      quiet=True)
    problems, offending = [], [Node(dialog, ())]
    if not inside:
        problems.append("nothing inside the dialog has the focus")
        offending.extend(n for n in Tree(dialog).nodes if "focusable" in n.states)
    else:
        node = Node(inside[0], ())
        if node.role != "push button" or node.name != "Close":
            problems.append(f"the focus is on {node.role} {node.name!r}, not on push button "
                            "'Close'")
            offending.append(node)
    press(keys["Escape"])
    gone = wait_for("dialog closed", ctx.args.action_timeout, lambda: not dialogs(), ctx.app,
                    quiet=True)
    if not gone:
        problems.append(f"the dialog is still there {ctx.args.action_timeout:.0f} s after Escape")
    if problems:
        return Result(False, "; ".join(problems), offending)
    return Result(True, f"F1 (XTest keycode {keys['F1']}, X focus on window {window:#x}) opened "
                  f"dialog {HELP_TITLE!r} with the focus on push button 'Close'; Escape "
                  f"(keycode {keys['Escape']}) closed it")


CHECKS = [
    ("a", "window: the frame's accessible name contains \"Koridor\"", check_window_name),
    ("b", "map: a node named …map… with a description (text equivalent) mentioning the date",
     check_map_description),
    ("c", "corridors: one node per route, its name giving the route's name and status",
     check_routes_listed),
    ("d", "timeline: the slider gives its value as a date, not a bare number", check_slider_date),
    ("e", "activation: doAction(0) on the Kyiv → Gomel node shows its details "
          "(the route and Belarus)", check_activate_route),
    ("f", "announcement: the activation is announced (object:announcement from the polite live "
          "region) and the map's description names the selection", check_announcement),
    ("g", "dialog: F1 opens the \"Keyboard shortcuts\" dialog with the focus on Close; Escape "
          "closes it", check_help_dialog),
]


class Context:
    def __init__(self, args, app, app_acc, tree, routes):
        self.args = args
        self.app = app
        self.app_acc = app_acc
        self.tree = tree
        self.routes = routes
        self.route_nodes = None
        self.last_tree = None
        self.last_new = []
        self.activated = None  # the route check (e) activated
        self.announcements = Announcements()
        self.x11 = None


def run(args):
    if not os.environ.get("DISPLAY"):
        log("FAIL setup: DISPLAY is not set; run under xvfb-run")
        return 2
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        log("FAIL setup: no session bus; run under dbus-run-session")
        return 2
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        log(f"FAIL setup: {binary} is not an executable")
        return 2

    routes = corridors(binary, args.date)
    date = args.date or routes[0].get("as_of")
    log(f"koridor list --json: {len(routes)} corridors, status as of {date}")

    if not enable_accessibility():
        log("FAIL setup: org.a11y.Status.IsEnabled stayed false")
        return 2
    log("accessibility enabled on the session bus (org.a11y.Status.IsEnabled = true)")

    home = tempfile.mkdtemp(prefix="koridor-atspi-")
    app_args = ["--lang", "en"] + (["--date", date] if date else [])
    apps = []

    def kill_apps():
        for a in apps:
            a.kill()

    atexit.register(kill_apps)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, lambda signum, frame: sys.exit(128 + signum))
    ctx = None
    try:
        start = time.monotonic()
        # A window that dies at once is started again, twice at most: when the last X client
        # leaves, Xvfb resets (unless -noreset), and a client connecting just then is refused
        # ("Failed to open connection to X server"); at-spi-bus-launcher is such a short client.
        for attempt in range(1, 4):
            app = App(binary, app_args, home, attempt)
            apps.append(app)
            log(f"started koridor {' '.join(app_args)} (pid {app.pid}, HOME={home})")
            app_acc = wait_for("koridor application on the AT-SPI desktop", args.timeout,
                               lambda: find_app(app.pid), app, quiet=True)
            if app_acc is not None:
                break
            if app.running():
                log(f"FAIL setup: koridor is not on the AT-SPI desktop after {args.timeout:.0f} s"
                    " (is accessibility enabled? AccessKit publishes only once "
                    "org.a11y.Status.IsEnabled is true)")
                log("koridor's output:\n" + app.log_tail())
                return 2
            app.kill()
            if attempt == 3:
                log(f"FAIL setup: koridor exited at start (status {app.proc.returncode}), "
                    "three times:\n" + app.log_tail())
                return 2
            log(f"koridor exited at start (status {app.proc.returncode}: "
                f"{app.log_tail(1).strip()!r}); starting it again")

        def filled():
            return safe(lambda: app_acc.childCount, 0) and any(
                safe(lambda: app_acc.getChildAtIndex(i).childCount, 0)
                for i in range(app_acc.childCount))

        if not wait_for("window content in the tree", args.timeout, filled, app):
            log("koridor's output:\n" + app.log_tail())
            return 2
        tree = settled_tree(app_acc, app, args.timeout)
        log(f"tree settled after {time.monotonic() - start:.1f} s: {len(tree.nodes)} nodes, "
            f"application {tree.root.name!r}, frames {[f.name for f in tree.frames()]}")
        if args.dump:
            tree.dump("after start")

        ctx = Context(args, app, app_acc, tree, routes)
        if not args.only or "f" in args.only:
            ctx.announcements.start()  # before check (e) activates the route
        failed = 0
        for cid, what, check in CHECKS:
            if args.only and cid not in args.only:
                continue
            try:
                result = check(ctx)
            except Exception as e:  # noqa: BLE001 (one broken check must not hide the others)
                result = Result(False, f"the check raised {type(e).__name__}: {e}")
            log(f"{'PASS' if result.ok else 'FAIL'} {cid}. {what}: {result.summary}")
            if not result.ok:
                failed += 1
                for note in result.notes:
                    log(f"       {note}")
                for n in result.offending[:SHOW_MAX]:
                    log(f"       {n.show()}")
                if len(result.offending) > SHOW_MAX:
                    log(f"       … and {len(result.offending) - SHOW_MAX} more nodes")
        if not app.running():
            log(f"FAIL koridor exited during the checks (status {app.proc.returncode}):\n"
                + app.log_tail())
            return 1
        total = len([c for c in CHECKS if not args.only or c[0] in args.only])
        log(f"{'PASS' if not failed else 'FAIL'}: {total - failed} of {total} screen-reader "
            f"checks passed")
        return 1 if failed else 0
    finally:
        if ctx is not None:
            ctx.announcements.stop()
            if ctx.x11 is not None:
                ctx.x11.close()
        kill_apps()
        shutil.rmtree(home, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary", help="path of the koridor binary")
    parser.add_argument("--dump", action="store_true", help="print the whole AT-SPI tree")
    parser.add_argument("--timeout", type=float, default=90.0,
                        help="seconds to wait for the window in the tree (default 90)")
    parser.add_argument("--action-timeout", type=float, default=15.0,
                        help="seconds to wait for the details after the action (default 15)")
    parser.add_argument("--date", help="RFC 3339 date for the window and the expected statuses "
                        "(default: koridor list's own date)")
    parser.add_argument("--only", help="run only these checks, e.g. ace")
    args = parser.parse_args()
    sys.exit(run(args))


if __name__ == "__main__":
    main()
