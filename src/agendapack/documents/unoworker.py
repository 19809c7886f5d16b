"""A LibreOffice conversion worker, run by Debian's python3 (which has the `uno` bridge).

agendapack.documents.convert starts it as `python3 unoworker.py PROFILE`: it uses only
the standard library and `uno` (imported where used, so that agendapack can import
`kill_office` from here). It starts one headless soffice with the throw-away profile
PROFILE, then reads requests as JSON lines on stdin ({"source": ..., "target": ...,
"filter": ...}) and answers each with a JSON line on stdout: {"ok": true}, or {"ok":
false, "error": ...} with "dead": true when soffice itself has gone. Keeping soffice
running makes every document after the first cost only its own conversion. When stdin
closes it stops soffice and removes PROFILE.
"""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time


def office_processes(profile):
    """Every process started with this profile (soffice, soffice.bin, this worker)."""
    # soffice is given the profile as a file URL, in which the folders above it may be
    # escaped: the last two names (agendapack's own, plain ASCII) are matched as well
    path = os.path.abspath(str(profile))
    tail = "/".join(path.split(os.sep)[-2:])
    markers = {os.fsencode(path)}
    if tail.isascii() and len(tail) > 12:
        markers.add(tail.encode())
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as handle:
                command = handle.read()
        except OSError:
            continue
        if any(marker in command for marker in markers):
            found.append(int(entry))
    return found


def office_sockets(pids):
    """The named sockets these processes listen on: LibreOffice's pipes, which it makes in
    /tmp whatever TMPDIR says (OSL_PIPE_<uid>_SingleOfficeIPC_..., the --accept one), and
    leaves there when it is killed or crashes."""
    inodes = set()
    for pid in pids:
        with contextlib.suppress(OSError):
            for fd in os.listdir(f"/proc/{pid}/fd"):
                with contextlib.suppress(OSError):
                    target = os.readlink(f"/proc/{pid}/fd/{fd}")
                    if target.startswith("socket:["):
                        inodes.add(target[8:-1])
    paths = []
    with contextlib.suppress(OSError), open("/proc/net/unix") as table:
        next(table, None)
        for line in table:
            fields = line.split()
            if len(fields) >= 8 and fields[6] in inodes and "/OSL_PIPE_" in fields[7]:
                paths.append(fields[7])
    return paths


def remove_sockets(paths):
    for path in paths:
        with contextlib.suppress(OSError):
            os.unlink(path)


def kill_office(profile):
    """Kill every process started with this profile, and remove its pipes: soffice.bin
    outlives the soffice script that started it, and must not be left running after a
    crash or a time-out."""
    pids = office_processes(profile)
    sockets = office_sockets(pids)
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    remove_sockets(sockets)


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
            time.sleep(0.01)  # a failed attempt costs nothing; the build waits for this one
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
                prop("PDFUACompliance", True),
                prop("ExportBookmarks", True),
                prop("ExportNotes", False),
                prop("ExportFormFields", False),
            ),
        )
        document.storeToURL(
            uno.systemPathToFileUrl(request["target"]),
            (prop("FilterName", export_filter(document)), prop("FilterData", options)),
        )
    finally:
        document.close(True)


def export_filter(document):
    """The PDF export of the kind of document LibreOffice opened: a spreadsheet's and a
    presentation's are their own (writer_pdf_Export refuses them)."""
    if document.supportsService("com.sun.star.sheet.SpreadsheetDocument"):
        return "calc_pdf_Export"
    if document.supportsService("com.sun.star.presentation.PresentationDocument"):
        return "impress_pdf_Export"
    return "writer_pdf_Export"


_SOCKETS: list = []  # the pipes of this worker's soffice, to remove should it crash


def main():
    profile = sys.argv[1]
    try:
        serve(profile)
    finally:
        kill_office(profile)
        remove_sockets(_SOCKETS)
        shutil.rmtree(profile, ignore_errors=True)


def alive(desktop):
    try:
        desktop.getCurrentComponent()
        return True
    except Exception:
        return False


def serve(profile):
    office, desktop, dispatcher = connect(profile)
    _SOCKETS.extend(office_sockets(office_processes(profile)))
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
