# Draws the package icon (three linked towns) as a 128x128 RGBA PNG with the standard library only.
import struct, zlib, math
N = 128
S = 4  # supersampling per axis
bg, accent, white = (20, 33, 61), (252, 163, 17), (255, 255, 255)
nodes = [(64, 36), (33, 89), (95, 89)]
def inside_rounded(x, y, r=20, m=4):
    lo, hi = m, N - m
    if x < lo or x > hi or y < lo or y > hi: return False
    cx = min(max(x, lo + r), hi - r); cy = min(max(y, lo + r), hi - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
def seg_dist(px, py, a, b):
    ax, ay = a; bx, by = b; dx, dy = bx - ax, by - ay
    t = max(0, min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))
def color(x, y):
    if not inside_rounded(x, y): return None
    for n in nodes:
        d = math.hypot(x - n[0], y - n[1])
        if d <= 8: return white
        if d <= 15: return accent
    for a, b in [(0, 1), (0, 2), (1, 2)]:
        if seg_dist(x, y, nodes[a], nodes[b]) <= 3.5: return accent
    return bg
rows = []
for y in range(N):
    row = bytearray([0])
    for x in range(N):
        acc = [0, 0, 0, 0]
        for sy in range(S):
            for sx in range(S):
                c = color(x + (sx + 0.5) / S, y + (sy + 0.5) / S)
                if c:
                    acc[0] += c[0]; acc[1] += c[1]; acc[2] += c[2]; acc[3] += 255
        k = S * S
        a = acc[3] // k
        row += bytes([acc[0] // max(1, acc[3] // 255), acc[1] // max(1, acc[3] // 255), acc[2] // max(1, acc[3] // 255), a]) if a else bytes(4)
    rows.append(bytes(row))
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', N, N, 8, 6, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(b''.join(rows), 9)) + chunk(b'IEND', b'')
open('eng/package-icon.png', 'wb').write(png)
