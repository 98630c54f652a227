# Rough HTTP latencies of the roster (docs/dispatch.md, "Measured"): python3 scripts/roster-bench.py BASE_URL DEMO_PASSWORD
# against a server started with --demo, GRIDWATCH_DISPATCH_POSITION_MIN_INTERVAL_SECONDS=0 and
# GRIDWATCH_DEMO_COMPLAINTS_PER_MINUTE=0 on an empty database (it files one complaint).
import json, time, urllib.request, statistics, sys
BASE = sys.argv[1]
PW = sys.argv[2]
def call(method, path, body=None, token=None):
    req = urllib.request.Request(BASE + path, method=method, data=None if body is None else json.dumps(body).encode())
    req.add_header("Content-Type", "application/json")
    if token: req.add_header("Authorization", "Bearer " + token)
    t = time.perf_counter()
    try:
        with urllib.request.urlopen(req) as r:
            data = r.read(); code = r.status; hdr = dict(r.headers)
    except urllib.error.HTTPError as e:
        data = e.read(); code = e.code; hdr = dict(e.headers)
    return code, data, (time.perf_counter() - t) * 1000, hdr
def login(u):
    c, d, _, _ = call("POST", "/api/auth/login", {"username": u, "password": PW})
    assert c == 200, (c, d)
    return json.loads(d)["token"]
ins = login("inspector1"); op = login("operator1")
print("status", call("POST", "/api/me/status", {"status": "AVAILABLE"}, ins)[0])
def pct(xs, p): xs = sorted(xs); return xs[min(len(xs)-1, int(len(xs)*p))]
for label, n in (("warmup", 100), ("position", 1000)):
    lat = []; stored = 0
    for i in range(n):
        c, d, ms, h = call("POST", "/api/me/position", {"lon": 104.08 + i * 1e-5, "lat": 30.657, "accuracyMeters": 10}, ins)
        assert c == 204, (c, d)
        stored += h.get("Position-Stored") == "true"
        lat.append(ms)
    print(label, n, "stored", stored, "p50 %.2f p99 %.2f max %.2f ms" % (pct(lat, .5), pct(lat, .99), max(lat)))
lat = []
for i in range(200):
    c, d, ms, _ = call("GET", "/api/dispatch/staff", None, op); assert c == 200, (c, d); lat.append(ms)
print("staff list items", len(json.loads(d)["items"]), "p50 %.2f p99 %.2f ms" % (pct(lat, .5), pct(lat, .99)))
c, d, _, _ = call("GET", "/api/cases?limit=1", None, op)
req = urllib.request.Request(BASE + "/api/complaints", method="POST", data=json.dumps({"channel": "HOTLINE", "category": "WAGE_ARREARS",
    "location": {"lon": 104.0805, "lat": 30.657}, "employer": {"name": "成都某建筑劳务有限公司"}, "workersInvolved": 3,
    "description": "两个月工资未发", "complainant": {"name": "王小明", "phone": "13900001111"}}).encode())
req.add_header("Content-Type", "application/json"); req.add_header("Authorization", "Bearer " + op); req.add_header("Idempotency-Key", "bench-1")
with urllib.request.urlopen(req) as r: case = json.loads(r.read())["caseId"]
ins2 = login("inspector2")
print("inspector2 status", call("POST", "/api/me/status", {"status": "AVAILABLE"}, ins2)[0])
if case:
    lat = []
    for i in range(200):
        c, d, ms, _ = call("GET", "/api/cases/%s/candidates" % case, None, op); assert c == 200, (c, d); lat.append(ms)
    print("candidates teams", len(json.loads(d)["teams"]), "p50 %.2f p99 %.2f ms" % (pct(lat, .5), pct(lat, .99)))
