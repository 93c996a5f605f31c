#!/usr/bin/env python3
"""Where each thread's CPU time goes, from `perf script -F comm,time,ip,sym,dso`.

Each sample is put in one category by its call chain (a wake-up, a wait, a write of log frames, file
locks, a sync) or else by the library of its leaf frame (SQLite, the JIT's code, the JVM, libc).
sqlite-jdbc's library is stripped, so a chain does not unwind through SQLite into Java: the
categories are what can be told apart.

Usage: perf-by-thread.py SCRIPT_OUTPUT THREAD_PREFIX[,PREFIX...] [FROM_SECONDS TO_SECONDS]
(the times are perf's, as `perf script -F comm,time` prints them). One row per prefix: the threads
whose names start with it, together; perf keeps the first 15 characters of a thread's name.
"""
import collections
import re
import sys

FRAME = re.compile(r'\s*[0-9a-f]+\s+(.*) \((.*)\)$')


def samples(path, low, high):
    header, frames = None, []
    for line in open(path, errors='replace'):
        if not line.strip():
            if header is not None:
                yield header, frames
            header, frames = None, []
        elif not line[0].isspace():
            parts = line.split()
            at = float(parts[-1].rstrip(':'))
            header = parts[0] if low <= at < high else None
            frames = []
        elif header is not None:
            match = FRAME.match(line.rstrip())
            if match:
                frames.append((match.group(1), match.group(2)))
    if header is not None:
        yield header, frames


def category(frames):
    symbols = ' '.join(symbol for symbol, _ in frames[:30])
    leaf = frames[0][1] if frames else ''
    if 'futex_wake' in symbols or 'pthread_cond_signal' in symbols:
        return 'kernel: waking another thread (futex)'
    if 'futex' in symbols or 'schedule' in symbols:
        return 'kernel: waiting, parked (futex, schedule)'
    if 'vfs_write' in symbols or 'pwrite' in symbols:
        return 'kernel: writes (log frames)'
    if 'vfs_read' in symbols or 'pread' in symbols:
        return 'kernel: reads'
    if 'fcntl' in symbols:
        return 'kernel: file locks (fcntl)'
    if 'fsync' in symbols or 'fdatasync' in symbols:
        return 'kernel: syncs'
    if 'kallsyms' in leaf:
        return 'kernel: other'
    if 'sqlitejdbc' in leaf:
        return 'SQLite (native)'
    if 'libc' in leaf:
        return 'libc (malloc, memcpy, ...)'
    if 'libjvm' in leaf:
        return 'JVM (runtime, JNI, GC)'
    return 'Java (compiled or interpreted)' if 'JIT' in leaf or 'perf-' in leaf else 'other: ' + leaf


def main(argv):
    prefixes = argv[2].split(',')
    low = float(argv[3]) if len(argv) > 3 else 0.0
    high = float(argv[4]) if len(argv) > 4 else float('inf')
    per_prefix = collections.defaultdict(collections.Counter)
    for thread, frames in samples(argv[1], low, high):
        for prefix in prefixes:
            if thread.startswith(prefix):
                per_prefix[prefix][category(frames)] += 1
                break
    for prefix, counts in per_prefix.items():
        total = sum(counts.values())
        print(f'{prefix}*: {total} samples')
        for name, count in counts.most_common():
            print(f'  {100 * count / total:5.1f} %  {name}')


if __name__ == '__main__':
    main(sys.argv)
