#!/usr/bin/env python3
"""CPU per single event, per process, for a stack started by the local launcher (docs/benchmarks.md).

    SBME_JVM_PROFILE=throughput SBME_HTTP_PORT=18280 SBME_FREE_PORTS=true \
      SBME_ADDRESS_RATE_PER_SECOND=1000000 SBME_ADDRESS_BURST=1000000 \
      setsid java -jar local-stack/target/local-stack-0.1.0-SNAPSHOT.jar &
    python3 event-ingest-service/bench/cpu-per-event.py --launcher-pid <pid> --url http://localhost:18280 --single 30000 [--client jdk]
    python3 event-ingest-service/bench/cpu-per-event.py --launcher-pid <pid> --url http://localhost:18280 --client wrk --seconds 15

(All load comes from one address, so the gateway's per-address limit is lifted for the run.)
Waits until the stack is idle, measures its idle rate, runs IngestBench, then waits at least
--tail-seconds and until every process is back to idle (consumers caught up, timers fired), so work
that lags behind the answers is counted too. With --client wrk the load comes from wrk (a C load
generator, installed from the Debian archive when missing) running single-events.lua for --seconds,
from --sessions storefront sessions minted beforehand at the pace the gateway allows. CPU is
utime + stime from /proc/<pid>/stat of every process in the launcher's session; the load program's
from its rusage. "net" subtracts each process's idle rate.
"""
import argparse, os, re, resource, shutil, subprocess, sys, tempfile, time, urllib.error, urllib.request

HZ = os.sysconf('SC_CLK_TCK')
NAMES = ['gateway-service', 'event-ingest-service', 'consent-service', 'decision-service', 'composer-service',
         'dispatcher-service', 'tracking-service', 'dashboard-service', 'provider-sandbox']


def processes(session):
    """CPU seconds so far of each process in the session, by name."""
    found = {}
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            with open(f'/proc/{pid}/stat') as f:
                fields = f.read().rsplit(')', 1)[1].split()
            with open(f'/proc/{pid}/cmdline', 'rb') as f:
                cmd = f.read().replace(b'\0', b' ').decode(errors='replace')
        except OSError:
            continue
        if int(fields[3]) != session:  # field 6 of stat, counted after the command name
            continue
        # The broker's class path names jars that contain "redis", so the broker is recognised first.
        name = ('kafka' if 'kafka-broker' in cmd else 'redis' if 'redis-server' in cmd
                else next((n for n in NAMES if n in cmd), 'launcher'))
        found[name] = found.get(name, 0) + (int(fields[11]) + int(fields[12])) / HZ
    return found


def rates(session, seconds):
    a, ta = processes(session), time.time()
    time.sleep(seconds)
    b, tb = processes(session), time.time()
    return {n: (b[n] - a.get(n, 0)) / (tb - ta) for n in b}


def mint_sessions(url, count):
    """Storefront session cookies, minted at the pace the gateway's per-address limit allows."""
    cookies = []
    while len(cookies) < count:
        try:
            with urllib.request.urlopen(urllib.request.Request(url + '/api/v1/session', method='POST', data=b'')) as r:
                cookies.append(r.headers['Set-Cookie'].split(';')[0])
        except urllib.error.HTTPError as e:
            if e.code != 429:
                raise
            time.sleep(float(e.headers.get('Retry-After', '1')))
    return cookies


def wrk_command(args, cookie_file):
    if not shutil.which('wrk'):
        if os.geteuid() != 0:
            sys.exit('wrk is missing: apt-get install wrk')
        subprocess.run(['apt-get', 'install', '-y', '-q', 'wrk'], check=True, stdout=subprocess.DEVNULL)
    os.environ['SBME_BENCH_COOKIES'] = cookie_file
    os.environ['SBME_BENCH_RUN'] = f'{time.time():.0f}'
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'single-events.lua')
    return ['wrk', '-t2', f'-c{args.threads}', f'-d{args.seconds}s', '-s', script, args.url]


def wrk_events(output):
    """Events answered 202 by a wrk run, from its summary; exits when any answer was something else."""
    answered = int(re.search(r'(\d+) requests in', output).group(1))
    refused = re.search(r'Non-2xx or 3xx responses: (\d+)', output)
    errors = re.search(r'Socket errors: (.*)', output)
    print(output.strip())
    if refused or errors:
        sys.exit('not every event was answered 202')
    return answered


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--launcher-pid', type=int, required=True)
    p.add_argument('--url', default='http://localhost:8080')
    p.add_argument('--single', type=int, default=30000)
    p.add_argument('--sessions', type=int, default=300, help='storefront sessions sending the events; minted at the 20/s the gateway allows one address')
    p.add_argument('--threads', type=int, default=64)
    p.add_argument('--client', help='jdk: the JDK HttpClient; wrk: wrk and single-events.lua; default: IngestBench sockets')
    p.add_argument('--seconds', type=int, default=15, help='how long wrk sends')
    p.add_argument('--tail-seconds', type=int, default=40,
                   help='count at least this long after the last answer: the demo browse timers fire 30 s after a view')
    p.add_argument('--idle-cores', type=float, default=0.3, help='the stack counts as idle below this many cores')
    args = p.parse_args()
    session = os.getsid(args.launcher_pid)
    cookie_file = None
    if args.client == 'wrk':
        cookie_file = os.path.join(tempfile.mkdtemp(), 'cookies.txt')
        with open(cookie_file, 'w') as f:
            f.write('\n'.join(mint_sessions(args.url, args.sessions)) + '\n')
    for _ in range(120):
        if sum(rates(session, 5).values()) < args.idle_cores:
            break
    else:
        sys.exit('the stack never went idle')
    idle = rates(session, 10)
    home = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    cmd = ['java', 'event-ingest-service/src/test/java/io/sbme/ingest/bench/IngestBench.java', '--url', args.url,
           '--single', str(args.single), '--sessions', str(args.sessions), '--threads', str(args.threads)]
    if args.client == 'wrk':
        cmd = wrk_command(args, cookie_file)
    elif args.client:
        cmd += ['--client', args.client]
    before, started = processes(session), time.time()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(cmd, cwd=home, capture_output=True, text=True)
    after_usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    answered = time.time()
    events = args.single
    if args.client == 'wrk':
        events = wrk_events(out.stdout + out.stderr)
    else:
        print(out.stdout.strip().splitlines()[-1] if out.stdout.strip() else out.stderr[-2000:])
    time.sleep(max(0, answered + args.tail_seconds - time.time()))
    while sum(rates(session, 3).values()) > sum(idle.values()) + 0.1:
        pass
    after, ended = processes(session), time.time()
    print(f'back to idle {ended - answered:.0f} s after the last answer')
    rows = [(n, after[n] - before.get(n, 0)) for n in after]
    rows = [(n, used, used - idle.get(n, 0) * (ended - started)) for n, used in rows]
    load = (after_usage.ru_utime + after_usage.ru_stime) - (usage.ru_utime + usage.ru_stime)
    rows.append(('load program', load, load))
    print(f"{'process':24s} {'ms/event':>9s} {'net':>9s}")
    for name, used, net in sorted(rows, key=lambda r: -r[2]):
        print(f'{name:24s} {1000 * used / events:9.3f} {1000 * net / events:9.3f}')
    print(f"{'total':24s} {1000 * sum(r[1] for r in rows) / events:9.3f} "
          f"{1000 * sum(r[2] for r in rows) / events:9.3f}")


if __name__ == '__main__':
    main()
