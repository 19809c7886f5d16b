"""A LibreOffice conversion worker, run by Debian's python3 (which has the `uno` bridge).

agendapack.convert starts it as `python3 unoworker.py PROFILE`: it uses only the standard
library and `uno` (imported where used, so that agendapack can import `kill_office` from
here). It starts one headless soffice with the throw-away profile PROFILE, then reads
requests as JSON lines on stdin ({"source": ..., "target": ..., "filter": ...}) and answers
each with a JSON line on stdout ({"ok": true}, or {"ok": false, "error": ...} with "dead":
true when soffice itself has gone). Keeping soffice running makes every document after the
first cost only its own conversion. When stdin closes it stops soffice and removes PROFILE.
"""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time


def kill_office(profile):
    """Kill every process started with this profile: soffice.bin outlives the soffice
    script that started it, and must not be left running after a crash or a time-out."""
    marker = os.fsencode(str(profile))
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as handle:
                if marker in handle.read():
                    os.kill(int(entry), signal.SIGKILL)
        except (OSError, ValueError):
            continue


def prop(name, value):
    from com.sun.star.beans import PropertyValue

    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def connect(profile):
    import uno

    pipe = f"agendapack{os.getpid()}"
    office = subprocess.Popen(
        [
            "soffice",
            "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--nolockcheck",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:
            if office.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("LibreOffice did not start") from None
            time.sleep(0.05)
    desktop = context.ServiceManager.createInstanceWithContext(
        "com.sun.star.frame.Desktop", context
    )
    dispatcher = context.ServiceManager.createInstanceWithContext(
        "com.sun.star.frame.DispatchHelper", context
    )
    return office, desktop, dispatcher


def convert(desktop, dispatcher, request):
    import uno

    load = (
        prop("Hidden", True),
        prop("UpdateDocMode", 0),  # never update links to other files
        prop("FilterName", request["filter"]),
    )
    # Not read-only: the source is agendapack's own private copy, and accepting tracked
    # changes below needs a document that can change.
    document = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(request["source"]), "_blank", 0, load
    )
    if document is None:
        raise RuntimeError("LibreOffice could not open it")
    try:
        # Tracked changes are printed as the text now stands, never a deletion struck
        # through for the public to read; `check` warns about them (and about comments,
        # which are left out of the export).
        redlines = getattr(document, "Redlines", None)
        if redlines is not None and redlines.createEnumeration().hasMoreElements():
            frame = document.getCurrentController().getFrame()
            dispatcher.executeDispatch(frame, ".uno:AcceptAllTrackedChanges", "", 0, ())
        options = uno.Any(
            "[]com.sun.star.beans.PropertyValue",
            (
                prop("UseTaggedPDF", True),
                prop("ExportBookmarks", True),
                prop("ExportNotes", False),
                prop("ExportFormFields", False),
            ),
        )
        document.storeToURL(
            uno.systemPathToFileUrl(request["target"]),
            (prop("FilterName", "writer_pdf_Export"), prop("FilterData", options)),
        )
    finally:
        document.close(True)


def main():
    profile = sys.argv[1]
    try:
        serve(profile)
    finally:
        kill_office(profile)
        shutil.rmtree(profile, ignore_errors=True)


def alive(desktop):
    try:
        desktop.getCurrentComponent()
        return True
    except Exception:
        return False


def serve(profile):
    office, desktop, dispatcher = connect(profile)
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        try:
            convert(desktop, dispatcher, request)
            answer = {"ok": True}
        except Exception as exc:
            message = getattr(exc, "Message", "") or str(exc) or type(exc).__name__
            answer = {"ok": False, "error": message.splitlines()[0] if message else ""}
            if not alive(desktop):
                answer["dead"] = True  # soffice crashed: this worker is finished
                print(json.dumps(answer), flush=True)
                return
        print(json.dumps(answer), flush=True)
    with contextlib.suppress(Exception):
        desktop.terminate()
    try:
        office.wait(timeout=10)
    except subprocess.TimeoutExpired:
        office.kill()


if __name__ == "__main__":
    main()
