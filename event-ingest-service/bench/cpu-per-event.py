#!/usr/bin/env python3
"""CPU per single event, per process, for a stack started by the local launcher (docs/benchmarks.md).

    SBME_JVM_PROFILE=throughput SBME_HTTP_PORT=18280 SBME_FREE_PORTS=true setsid java -jar local-stack/target/local-stack-0.1.0-SNAPSHOT.jar &
    python3 event-ingest-service/bench/cpu-per-event.py --launcher-pid <pid> --url http://localhost:18280 --single 30000 [--client jdk]

Waits until the stack is idle, measures its idle rate, runs IngestBench, then waits until every
process is back to idle (consumers caught up, timers fired), so work that lags behind the answers
is counted too. CPU is utime + stime from /proc/<pid>/stat of every process in the launcher's
session; the load program's from its rusage. "net" subtracts each process's idle rate.
"""
import argparse, os, resource, subprocess, sys, time

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


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--launcher-pid', type=int, required=True)
    p.add_argument('--url', default='http://localhost:8080')
    p.add_argument('--single', type=int, default=30000)
    p.add_argument('--sessions', type=int, default=1000)
    p.add_argument('--threads', type=int, default=64)
    p.add_argument('--client')
    p.add_argument('--idle-cores', type=float, default=0.3, help='the stack counts as idle below this many cores')
    args = p.parse_args()
    session = os.getsid(args.launcher_pid)
    for _ in range(120):
        if sum(rates(session, 5).values()) < args.idle_cores:
            break
    else:
        sys.exit('the stack never went idle')
    idle = rates(session, 10)
    home = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    cmd = ['java', 'event-ingest-service/src/test/java/io/sbme/ingest/bench/IngestBench.java', '--url', args.url,
           '--single', str(args.single), '--sessions', str(args.sessions), '--threads', str(args.threads)]
    if args.client:
        cmd += ['--client', args.client]
    before, started = processes(session), time.time()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(cmd, cwd=home, capture_output=True, text=True)
    after_usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    answered = time.time()
    print(out.stdout.strip().splitlines()[-1] if out.stdout.strip() else out.stderr[-2000:])
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
        print(f'{name:24s} {1000 * used / args.single:9.3f} {1000 * net / args.single:9.3f}')
    print(f"{'total':24s} {1000 * sum(r[1] for r in rows) / args.single:9.3f} "
          f"{1000 * sum(r[2] for r in rows) / args.single:9.3f}")


if __name__ == '__main__':
    main()
