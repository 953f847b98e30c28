#!/usr/bin/env python3
"""Startup and idle memory of a hello-world Starling window next to a bare QtWebEngine window (issue #6).

Run (from the repository root):
    cmake -S . -B build-startup -G Ninja -DCMAKE_BUILD_TYPE=Release
    cmake --build build-startup -j2 --target startup-hello startup-bare
    python3 tests/bench/runtime-startup/run.py            # offscreen; --xvfb runs it all under `xvfb-run -a`
Options: --runs N (10), --idle SECONDS (3), --no-warm, --no-variant, --bin DIR (default build-startup/bin).
It prints figures and asserts nothing; it is not a ctest test. Takes about 3 minutes with the defaults.

Programs (built from this directory):
  starling  startup-hello: a normal starling::App, one route `/` answering a small page with the Datastar client
            tag (27 ES modules from the app's server) and some text, in the runtime's window (qml/Main.qml).
  bare      startup-bare: a QML Window with one WebEngineView on the default profile, no Starling, loading the
            same page (page.html) from a file, with the same Datastar client files (file:// modules).
Diagnosis variants (--no-variant to skip them):
  bare+profile  startup-bare with a named persistent profile under XDG_DATA_HOME / XDG_CACHE_HOME, as Starling's
            window has.
  bare+http startup-bare showing the hello app's own page over HTTP, served by one `startup-hello --serve`
            process started for the whole run (its memory is not counted): the page, its 27 module fetches
            and the server's answers, without Starling's window (Main.qml, runtime) in the measured process.
  bare+controls  startup-bare in a QtQuick Controls ApplicationWindow with a hidden menu, text field and dialog
            (bare-controls.qml), the kind of window qml/Main.qml was before its parts loaded at first use: what
            building Controls and its style with the window costs.

What is measured, the same way for every program:
  startup   process start -> first contentful paint. Process start is a wall-clock timestamp this script takes
            just before it spawns the program (so QtWebEngine's init, QML and the server are included). First
            contentful paint is `performance.timeOrigin + startTime` of the page's 'first-contentful-paint'
            entry (PerformanceObserver, Chrome 102); the page sends it to its program (Starling: a POST to a
            bench route of the hello app; bare: console.log), which prints it on stdout. The reporting
            channel's latency is therefore not counted. Also printed: process start -> navigation start
            (performance.timeOrigin) and -> the load event (all 27 client modules fetched and run).
  memory    total PSS (`Pss:` of /proc/<pid>/smaps_rollup) of the program and all its descendants (WebEngine
            zygotes, renderer, utility processes), `--idle` seconds after the load event. PSS divides shared
            pages (e.g. libQt6WebEngineCore's) among ALL processes mapping them, so other QtWebEngine programs
            running on the machine lower it (seen: ~156 MiB for the bare window alone, ~107 MiB with 3 other
            QtWebEngine processes around). Printed next to it: the count of such processes, the tree's USS
            (pages mapped by one process only; just as dependent) and the median of the per-pair ratios
            (each Starling run against the bare run right after it, so both saw the same neighbours).
            Also printed: the app process's PSS by mapping, the biggest differences from the bare window.
Every run gets fresh private XDG_{DATA,CACHE,CONFIG,RUNTIME} dirs (mktemp -d): a cold profile, nothing shared.
The warm set reuses one set of dirs per program after one unmeasured priming run (existing profile/cache).
Each program runs once unmeasured first (page cache), then the programs are interleaved run by run.
Headless: QT_QPA_PLATFORM=offscreen (unless --xvfb), and QTWEBENGINE_DISABLE_SANDBOX=1 when run as root.
Goals (issue #6): startup <= 1.2x and idle PSS <= 1.1x the bare window.

Figures (cold set, 10 runs, 2-core machine shared with other builds and tests; load average as noted):
  qml/Main.qml as an ApplicationWindow that built its find bar, dialogs and menu with the window: FCP 1.33x the
            bare window (per pair 1.36x), idle PSS 1.13x (189.6 vs 167.3 MiB) at load 7-8. Its app process
            carried QtQuick Controls, Templates and the Fusion and Basic styles (~9 MiB PSS, as bare+controls
            shows).
  Main.qml as a plain Window with the view alone, the other parts loaded at first use, three runs: FCP 1.05x,
            1.20x, 1.15x (per pair 1.06x, 1.16x, 1.25x; warm profile 1.01x), idle PSS 1.06x, 1.07x, 1.08x
            (169.0 vs 159.8 MiB, 179.7 vs 167.3, 119.1 vs 109.9 with up to 9 other QtWebEngine processes
            around), at load 8-10, 7-8 and 1-3. FCP medians move by 10-20% between runs on this machine.
            On the same machine when quiet (load 0.3-0.7, nothing else running): FCP 1.01x (206.2 vs 203.9 ms,
            per pair 1.03x; warm profile 1.01x), idle PSS 1.06x (170.1 vs 160.6 MiB).
  The window under QApplication (Qt Widgets, for the tray) and with its menu bar (issue #14; 5 cold runs each,
            load 3-6, other helpers building): before, on QGuiApplication: FCP 1.24x (per pair 1.10x), idle PSS
            1.09x (180.7 vs 166.3 MiB). With QApplication and the menu bar: FCP 1.07x (552.9 vs 516.3 ms, per
            pair 1.07x), idle PSS 1.16x (194.9 vs 168.5 MiB): libQt6Widgets ~2.7 MiB, and the menu bar's
            QtQuick Controls (Templates ~2.2 MiB, Fusion and Basic styles ~1.3 MiB, ~5 MiB of heap) ~9 MiB
            in the app process; the bar loads after the page's first load, so FCP does not pay for it. With
            QApplication and no bar (STARTUP_HELLO_NO_MENU_BAR=1): FCP 1.23x (per pair 1.16x), idle PSS 1.12x
            (libQt6Widgets ~1.5 MiB with other QtWebEngine processes sharing its pages).
  What is left in the app process (~8 MiB over the bare window): OpenSSL, ~2.4 MiB (libcrypto, libssl, Qt's
            OpenSSL backend): QtHttpServer 6.4's QAbstractHttpServer constructor makes a QSslConfiguration, which
            loads Qt's TLS backends and with them OpenSSL, even for a plain-HTTP server; nothing in Starling asks
            for TLS and no public API avoids it. The named persistent profile and the request interceptor
            (~1.7 MiB of libQt6WebEngineCore pages), the server's heap and buffers (~2.4 MiB), QtNetwork and
            QtHttpServer. Compiling Main.qml ahead of time (qmlcachegen) would save its ~2 ms compile: not done.
"""

import argparse
import os
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
STARTUP_GOAL = 1.2
MEMORY_GOAL = 1.1
TIMEOUT_S = 30.0


def loadavg():
    return Path('/proc/loadavg').read_text().split()[:3]


def process_tree(root):
    """[(pid, parent)] for the pid `root` and all its descendants, by walking /proc/*/stat ppid."""
    children = {}
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f'/proc/{entry}/stat').read_text()
        except OSError:
            continue
        # the command name is in parentheses and may contain spaces
        fields = stat[stat.rindex(')') + 2:].split()
        children.setdefault(int(fields[1]), []).append(int(entry))
    tree, todo = [], [(root, 0)]
    while todo:
        pid, parent = todo.pop()
        tree.append((pid, parent))
        todo.extend((child, pid) for child in children.get(pid, []))
    return tree


def process_kind(pid):
    try:
        argv = Path(f'/proc/{pid}/cmdline').read_bytes().split(b'\0')
    except OSError:
        return '?'
    for arg in argv:
        if arg.startswith(b'--type='):
            kind = arg[7:].decode()
            if kind == 'utility':
                for other in argv:
                    if other.startswith(b'--utility-sub-type='):
                        return 'utility:' + other[19:].decode().split('.')[-1]
            return kind
    return 'app'


def rollup_kib(pid):
    """(PSS, USS) of one process in KiB from /proc/<pid>/smaps_rollup."""
    pss = uss = 0
    try:
        for line in Path(f'/proc/{pid}/smaps_rollup').read_text().splitlines():
            if line.startswith('Pss:'):
                pss = int(line.split()[1])
            elif line.startswith(('Private_Clean:', 'Private_Dirty:')):
                uss += int(line.split()[1])
    except OSError:
        pass
    return pss, uss


def other_webengine_processes(tree):
    """QtWebEngine processes on the machine outside `tree` (other users of the same libraries share their PSS)."""
    ours = {pid for pid, _ in tree}
    count = 0
    for entry in os.listdir('/proc'):
        if entry.isdigit() and int(entry) not in ours:
            try:
                if b'QtWebEngineProcess' in Path(f'/proc/{entry}/cmdline').read_bytes():
                    count += 1
            except OSError:
                pass
    return count


def memory(root):
    """Total PSS in KiB over the tree, a {kind: PSS KiB} split, total USS in KiB, other WebEngine processes."""
    split = {}
    kinds = {}
    uss = 0
    tree = process_tree(root)
    for pid, parent in tree:
        kind = process_kind(pid)
        if kind == 'zygote' and kinds.get(parent) == 'zygote':
            kind = 'renderer'  # forked by a zygote: keeps the zygote's command line
        kinds[pid] = kind
        pss, private = rollup_kib(pid)
        split[kind] = split.get(kind, 0) + pss
        uss += private
    return sum(split.values()), split, uss, other_webengine_processes(tree)


def mapping_split(pid):
    """{mapping name: PSS KiB} of one process from /proc/<pid>/smaps (file basename, or [heap], [anon], ...)."""
    split, name = {}, '?'
    try:
        text = Path(f'/proc/{pid}/smaps').read_text()
    except OSError:
        return split
    for line in text.splitlines():
        head = line.split(None, 1)[0] if line else ''
        if '-' in head and not head.endswith(':'):
            fields = line.split(None, 5)
            path = fields[5].strip() if len(fields) > 5 else '[anon]'
            name = path if path.startswith('[') else os.path.basename(path.split(' (deleted)')[0])
            if name.startswith('[anon:') or name.startswith('[stack'):
                name = '[anon]'
            if name.startswith('memfd:') or name.startswith('.org.chromium') or name.startswith('dev/shm'):
                name = '[shared memory]'
        elif line.startswith('Pss:'):
            split[name] = split.get(name, 0) + int(line.split()[1])
    return split


def make_xdg(parent=None):
    base = Path(tempfile.mkdtemp(prefix='startup-bench-', dir=parent))
    dirs = {name: base / name.lower() for name in ('DATA', 'CACHE', 'CONFIG', 'RUNTIME')}
    for path in dirs.values():
        path.mkdir(mode=0o700)
    return base, {f'XDG_{name}_HOME' if name != 'RUNTIME' else 'XDG_RUNTIME_DIR': str(path)
                  for name, path in dirs.items()}


def run_once(program, xdg_env, idle_s, log_dir):
    """Starts the program, waits for its page's reports, measures memory, ends it. Returns a dict of figures."""
    env = dict(os.environ)
    env.update(xdg_env)
    env.update(program['env'])
    log = open(log_dir / f"{program['name']}.log", 'ab')
    t0 = time.time_ns() / 1e6
    proc = subprocess.Popen(program['argv'], env=env, stdout=subprocess.PIPE, stderr=log, start_new_session=True)
    reports, buffer = {}, b''
    result = {}
    try:
        deadline = time.monotonic() + TIMEOUT_S
        while not ('fcp' in reports and 'load' in reports):
            left = deadline - time.monotonic()
            if left <= 0 or proc.poll() is not None:
                raise RuntimeError(f"{program['name']}: no report within {TIMEOUT_S:.0f} s (exit {proc.poll()});"
                                   f" see {log.name}")
            ready, _, _ = select.select([proc.stdout], [], [], left)
            if not ready:
                continue
            chunk = os.read(proc.stdout.fileno(), 4096)
            if not chunk:
                continue
            buffer += chunk
            while b'\n' in buffer:
                line, buffer = buffer.split(b'\n', 1)
                parts = line.decode(errors='replace').split()
                if len(parts) >= 5 and parts[0] == 'startup-bench':
                    reports[parts[1]] = (float(parts[2]), int(parts[3]), int(parts[4]))
                    if parts[1] == 'fcp':
                        result['received'] = time.time_ns() / 1e6 - t0
        result['fcp'] = reports['fcp'][0] - t0
        result['origin'] = reports['origin'][0] - t0 if 'origin' in reports else float('nan')
        result['load'] = reports['load'][0] - t0
        result['datastar'] = reports['load'][2]
        if idle_s > 0:
            time.sleep(idle_s)
            result['pss'], result['split'], result['uss'], result['others'] = memory(proc.pid)
            result['mappings'] = mapping_split(proc.pid)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # leftovers of this run's own process group only
        except ProcessLookupError:
            pass
        proc.wait()
        proc.stdout.close()
        log.close()
    return result


def stats(values):
    values = sorted(values)
    return min(values), statistics.median(values), max(values)


def fmt(values, unit='ms'):
    low, mid, high = stats(values)
    return f'{mid:8.1f} {unit}  (min {low:.1f}, max {high:.1f})'


def print_mapping_diff(starling, bare, other='bare', top=14):
    """Where the app process's extra PSS is: the biggest median differences by mapping, starling - other."""
    names = {name for r in starling + bare for name in r['mappings']}
    diff = []
    for name in names:
        a = statistics.median([r['mappings'].get(name, 0) for r in starling])
        b = statistics.median([r['mappings'].get(name, 0) for r in bare])
        diff.append((a - b, name, a, b))
    diff.sort(reverse=True)
    print(f'app process PSS by mapping, largest differences starling - {other} (median KiB):')
    for delta, name, a, b in diff[:top]:
        print(f'    {delta:+8.0f}  {name} ({a:.0f} vs {b:.0f})')
    print(f'    total app-process difference {sum(d[0] for d in diff) / 1024:+.1f} MiB')


def report_set(title, programs, results, with_memory):
    print(f'\n== {title} ({len(next(iter(results.values())))} runs each) ==')
    for program in programs:
        rows = results[program['name']]
        name = program['name']
        print(f'{name:14} start -> FCP        {fmt([r["fcp"] for r in rows])}')
        print(f'{"":14} start -> navigation {fmt([r["origin"] for r in rows])}')
        print(f'{"":14} navigation -> FCP   {fmt([r["fcp"] - r["origin"] for r in rows])}')
        print(f'{"":14} start -> load event {fmt([r["load"] for r in rows])}'
              f'  datastar ran: {sum(r["datastar"] for r in rows)}/{len(rows)}')
        print(f'{"":14} start -> FCP report received {fmt([r["received"] for r in rows])}')
        if with_memory:
            print(f'{"":14} idle PSS            {fmt([r["pss"] / 1024 for r in rows], "MiB")}')
            print(f'{"":14} idle USS            {fmt([r["uss"] / 1024 for r in rows], "MiB")}'
                  f'  (other QtWebEngine processes on the machine: '
                  f'{min(r["others"] for r in rows)}-{max(r["others"] for r in rows)})')
            kinds = sorted({kind for r in rows for kind in r['split']})
            split = ', '.join(f'{kind} {statistics.median([r["split"].get(kind, 0) for r in rows]) / 1024:.1f}'
                              for kind in kinds)
            print(f'{"":14}   median by process (MiB): {split}')
    if with_memory and 'bare' in results:
        print_mapping_diff(results['starling'], results['bare'])
        if 'bare+controls' in results:
            print_mapping_diff(results['starling'], results['bare+controls'], 'bare+controls', 8)
    starling = results['starling']
    bare = results['bare']
    ratio = stats([r['fcp'] for r in starling])[1] / stats([r['fcp'] for r in bare])[1]
    verdict = 'OK' if ratio <= STARTUP_GOAL else 'OVER GOAL'
    print(f'startup ratio starling/bare (median FCP): {ratio:.2f}x   goal <= {STARTUP_GOAL}x  {verdict}')
    pairs = statistics.median([a['fcp'] / b['fcp'] for a, b in zip(starling, bare)])
    print(f'    (median of per-pair FCP ratios: {pairs:.2f}x)')
    if with_memory:
        ratio = stats([r['pss'] for r in starling])[1] / stats([r['pss'] for r in bare])[1]
        verdict = 'OK' if ratio <= MEMORY_GOAL else 'OVER GOAL'
        print(f'memory ratio starling/bare (median idle PSS): {ratio:.2f}x   goal <= {MEMORY_GOAL}x  {verdict}')
        ratio = stats([r['uss'] for r in starling])[1] / stats([r['uss'] for r in bare])[1]
        pairs = statistics.median([a['pss'] / b['pss'] for a, b in zip(starling, bare)])
        print(f'    (median of per-pair PSS ratios, same neighbours: {pairs:.2f}x; USS ratio of medians: {ratio:.2f}x)')


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--runs', type=int, default=10)
    parser.add_argument('--idle', type=float, default=3.0, help='seconds after the load event before PSS')
    parser.add_argument('--no-warm', action='store_true', help='skip the warm-profile set')
    parser.add_argument('--no-variant', action='store_true', help='skip bare+profile')
    parser.add_argument('--xvfb', action='store_true', help='run under xvfb-run -a instead of offscreen')
    parser.add_argument('--bin', type=Path, default=REPO / 'build-startup' / 'bin')
    args = parser.parse_args()

    if args.xvfb and not os.environ.get('STARTUP_BENCH_XVFB'):
        os.environ['STARTUP_BENCH_XVFB'] = '1'
        os.execvp('xvfb-run', ['xvfb-run', '-a', sys.executable, *sys.argv])
    if os.environ.get('STARTUP_BENCH_XVFB'):
        os.environ.pop('QT_QPA_PLATFORM', None)
    else:
        os.environ['QT_QPA_PLATFORM'] = 'offscreen'
    if os.geteuid() == 0:
        os.environ['QTWEBENGINE_DISABLE_SANDBOX'] = '1'

    hello, bare = args.bin / 'startup-hello', args.bin / 'startup-bare'
    for binary in (hello, bare):
        if not binary.exists():
            sys.exit(f'{binary} is missing: build the startup-hello and startup-bare targets (see the top of {__file__})')

    work = Path(tempfile.mkdtemp(prefix='startup-bench-'))
    page_dir = work / 'page'
    page_dir.mkdir()
    shutil.copy(HERE / 'page.html', page_dir / 'page.html')
    shutil.copytree(REPO / 'resources' / 'datastar', page_dir / 'datastar')
    page_url = (page_dir / 'page.html').as_uri()
    log_dir = work / 'logs'
    log_dir.mkdir()

    programs = [
        {'name': 'starling', 'argv': [str(hello)], 'env': {}},
        {'name': 'bare', 'argv': [str(bare), page_url], 'env': {}},
    ]
    server = None
    if not args.no_variant:
        programs.append({'name': 'bare+profile', 'argv': [str(bare), page_url],
                         'env': {'STARTUP_BENCH_PERSISTENT': '1'}})
        # The same bare window showing the Starling app's own page over HTTP from `startup-hello --serve` (a
        # separate process, not counted): separates the page's HTTP loading from the Starling window's own cost.
        _, server_xdg = make_xdg(work)
        server = subprocess.Popen([str(hello), '--serve'], env={**os.environ, **server_xdg},
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
        first = server.stdout.readline().decode().split()
        if len(first) != 3 or first[:2] != ['starling:', 'serving']:
            sys.exit(f'startup-hello --serve printed {first!r}')
        programs.append({'name': 'bare+http', 'argv': [str(bare), first[2]], 'env': {}})
        programs.append({'name': 'bare+controls', 'argv': [str(bare), page_url],
                         'env': {'STARTUP_BENCH_QML': 'controls'}})

    print(f'runtime-startup: {args.runs} runs per program, idle {args.idle:g} s, '
          f'{"xvfb-run -a" if os.environ.get("STARTUP_BENCH_XVFB") else "offscreen"}, {os.cpu_count()} CPUs')
    print(f'load average before: {" ".join(loadavg())}')

    def cleanup(base):
        shutil.rmtree(base, ignore_errors=True)

    for program in programs:  # page cache, unmeasured
        base, xdg = make_xdg(work)
        run_once(program, xdg, 0, log_dir)
        cleanup(base)

    cold = {p['name']: [] for p in programs}
    for _ in range(args.runs):
        for program in programs:
            base, xdg = make_xdg(work)
            cold[program['name']].append(run_once(program, xdg, args.idle, log_dir))
            cleanup(base)
    report_set('cold profile (fresh XDG dirs per run)', programs, cold, args.idle > 0)
    print(f'load average: {" ".join(loadavg())}')

    if not args.no_warm:
        warm = {p['name']: [] for p in programs}
        dirs = {}
        for program in programs:
            dirs[program['name']] = make_xdg(work)
            run_once(program, dirs[program['name']][1], 0, log_dir)  # creates the profile, unmeasured
        for _ in range(args.runs):
            for program in programs:
                warm[program['name']].append(run_once(program, dirs[program['name']][1], 0, log_dir))
        report_set('warm profile (same XDG dirs, after one priming run)', programs, warm, False)
        print(f'load average after: {" ".join(loadavg())}')

    if server:
        server.terminate()
        server.wait()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()
