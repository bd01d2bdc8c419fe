# TODO 3 a, as the student does it: log in to adminer (server db, filled in by
# ADMINER_DEFAULT_SERVER; user mlops; the password `nivel creds level-3` shows) and run the
# CREATE TABLE in its «SQL command» form. The API, rebuilt with TODO 3 b done, writes to it.
. "$(dirname "$0")/../common.sh"
creds="$("$NIVEL" creds "$lab" --json)"
python3 - "$((8080 + PORT_OFFSET))" "$creds" <<'PY'
import http.cookiejar, json, re, sys, urllib.parse, urllib.request
port, creds = sys.argv[1:]
password = next(c["secret"] for c in json.loads(creds)["credentials"] if c["id"] == "db")
adminer = f"http://127.0.0.1:{port}/"
browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
def page(url, form=None):
    data = None if form is None else urllib.parse.urlencode(form).encode()
    with browser.open(url, data, timeout=30) as answer:
        return answer.read().decode(errors="replace")
server = re.search(r'name="auth\[server\]" value="([^"]*)"', page(adminer)).group(1)
assert server == "db", f"adminer's login form offers server {server!r}, not db"
page(adminer, {"auth[driver]": "pgsql", "auth[server]": server, "auth[username]": "mlops",
               "auth[password]": password, "auth[db]": "mlops"})
sql = f"{adminer}?pgsql={server}&username=mlops&db=mlops&ns=public&sql="
form = page(sql)
token = re.search(r'name="token" value="([^"]+)"', form)
assert token, "no SQL command form after logging in to adminer: the login failed"
result = page(sql, {"token": token.group(1), "limit": "", "query": """
    CREATE TABLE predictions (id serial PRIMARY KEY, created_at timestamptz NOT NULL
      DEFAULT now(), sepal_length real, sepal_width real, petal_length real,
      petal_width real, species text, model_version text);"""})
errors = re.findall(r"class='error'>([^<]*)", result)
assert not errors and "Query executed OK" in result, f"adminer did not run the CREATE TABLE: {errors}"
print("apply: the table predictions exists, made through adminer", file=sys.stderr)
PY
