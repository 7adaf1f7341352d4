#!/usr/bin/env python3
"""Which pages of a running program's file are resident, per ELF section and per symbol group (from PROGRAM.dbg, the
symbols package.sh splits off): where a NativeAOT node's file-backed RSS goes (docs/arm.md).
Usage: deploy/resident-pages.py PID PROGRAM"""
import os, re, struct, sys, subprocess, collections

pid, elf = int(sys.argv[1]), sys.argv[2]
mapfile = sys.argv[3] if len(sys.argv) > 3 else None
PAGE = os.sysconf('SC_PAGE_SIZE')
real = os.path.realpath(elf)
maps = []
for line in open(f'/proc/{pid}/maps'):
    parts = line.split()
    if len(parts) >= 6 and os.path.realpath(parts[5]) == real:
        lo, hi = (int(x, 16) for x in parts[0].split('-'))
        maps.append((lo, hi, int(parts[2], 16), parts[1]))
present = set()  # file offsets of resident pages
with open(f'/proc/{pid}/pagemap', 'rb') as pm:
    for lo, hi, off, perm in maps:
        n = (hi - lo) // PAGE
        pm.seek(lo // PAGE * 8)
        data = pm.read(n * 8)
        for i in range(n):
            (e,) = struct.unpack_from('<Q', data, i * 8)
            if e >> 63 & 1:
                present.add(off + i * PAGE)
print(f'resident pages of {elf}: {len(present)} = {len(present)*PAGE/1e6:.1f} MB')
# sections: name, file offset, size
out = subprocess.run(['readelf', '-SW', elf], capture_output=True, text=True).stdout
secs = []
for m in re.finditer(r'\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)', out):
    name, addr, off, size = m.group(1), int(m.group(2), 16), int(m.group(3), 16), int(m.group(4), 16)
    if size: secs.append((name, addr, off, size))
for name, addr, off, size in secs:
    pages = [p for p in range(off // PAGE * PAGE, off + size, PAGE) if p in present]
    if size > 100000:
        print(f'  {name:24} {size/1e6:7.1f} MB, resident {len(pages)*PAGE/1e6:6.1f} MB')

# per symbol group, with the split-off symbols (nm of the .dbg file): vaddr -> file offset through the LOAD segments
dbg = elf + '.dbg'
if os.path.exists(dbg) or (mapfile and os.path.exists(mapfile)):
    dbg = dbg if os.path.exists(dbg) else mapfile
    loads = []
    for m in re.finditer(r'LOAD\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)', subprocess.run(['readelf', '-lW', elf], capture_output=True, text=True).stdout):
        loads.append((int(m.group(2), 16), int(m.group(1), 16), int(m.group(3), 16)))
    def to_off(v):
        for va, off, sz in loads:
            if va <= v < va + sz: return off + v - va
        return None
    syms = []
    for line in subprocess.run(['nm', '-n', '--defined-only', dbg], capture_output=True, text=True).stdout.splitlines():
        p = line.split(' ', 2)
        if len(p) < 3: continue
        o = to_off(int(p[0], 16))
        if o is not None: syms.append((o, p[2]))
    syms.sort()
    import bisect
    offs = [s[0] for s in syms]
    def group(name):
        n = name
        for pre in ('unbox_', '_lsda0', '_lsda1', '_lsda2', '_ZTV', '__GCStaticBase_', '__NonGCStaticBase_', '__GCStaticEEType_', '_ZN'):
            if n.startswith(pre): n = n[len(pre):]
        n = n.lstrip('_<>')
        parts = n.split('_')
        if parts[0] == 'S' and len(parts) > 2 and parts[1] == 'P': return 'S_P_' + parts[2]
        if parts[0] == 'System' and len(parts) > 1: return 'System_' + parts[1] + ('_' + parts[2] if parts[1] in ('Net', 'Private', 'Text', 'Security', 'Collections', 'Linq', 'Runtime') and len(parts) > 2 else '')
        if parts[0] in ('Akka', 'DotNetty', 'Microsoft', 'Srs', 'Google', 'Newtonsoft', 'BouncyCastle', 'Prometheus'): return '_'.join(parts[:2])
        return parts[0][:30]
    tally = collections.Counter()
    for p in present:
        i = bisect.bisect_right(offs, p) - 1
        # a page holds many symbols: count the page once, for each group of symbols in it, by bytes
        j = max(i, 0)
        seen = collections.Counter()
        while j < len(syms) and syms[j][0] < p + PAGE:
            start = max(syms[j][0], p)
            end = min(syms[j + 1][0] if j + 1 < len(syms) else p + PAGE, p + PAGE)
            if end > start: seen[group(syms[j][1])] += end - start
            j += 1
        total = sum(seen.values()) or 1
        for g, b in seen.items(): tally[g] += PAGE * b / total
    for g, b in tally.most_common(35):
        print(f'  {g:50} {b/1e6:6.2f} MB')
