# Generates tests/eval/duplicates.jsonl: labelled pairs of postings in the
# contract's JSON shape. Labels follow from construction: a positive pair is
# one job (one Job object) rendered through two channels; a negative pair is
# two different Job objects. Run from this directory:
#   python3 gen.py > ../duplicates.jsonl
# The first 231 lines are the original set; the hard negatives built by
# hard_unplaced(), hard_languages() and hard_titles() are appended after them
# (see ../DUPLICATES.md).
import hashlib
import json
import random
import re
import sys
import uuid

from content import (ABOUT, AGENCIES, COMPANIES, CONTACTS, OFFER, ONE_TEXT_TWO_ROLES, REGION, ROLES, TOWNS,
                     TRANSLATION_DEPTS, TRANSLATIONS, TWO_OPENINGS)

R = random.Random(20261123)

MONTHS_DA = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


def slugify(s):
    s = s.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s


def pid(scope, kind, value):
    return "jf" + hashlib.sha256(f"{scope}\n{kind}\n{value}".encode()).hexdigest()[:16]


# Departments that only make sense at one kind of employer.
COMPANY_DEPTS = {
    ("aarhuskommune", "sygeplejerske"): ["Hjemmesygeplejen Nord", "Hjemmesygeplejen Syd", "Sygeplejeklinikken Vest"],
    ("aarhuskommune", "sosu"): ["Plejehjemmet Solbakken", "Plejehjemmet Skovbrynet", "Hjemmeplejen Syd"],
    ("regionmidt", "sosu"): ["Psykiatrisk Afsnit", "Neurologisk Afsnit", "Geriatrisk Afsnit"],
    ("regionmidt", "sygeplejerske"): ["Akutafdelingen", "Hjertemedicinsk Afdeling", "Ortopædkirurgisk Afsnit"],
}


def depts_for(ck, role):
    return COMPANY_DEPTS.get((ck, role), ROLES[role]["depts"])


class Job:
    n = 0

    def __init__(self, ck, role, town=None, dept=None, intro=None, tasks=None, profile=None, title=None, lang=None):
        Job.n += 1
        self.ck = ck
        self.c = COMPANIES[ck]
        self.role = role
        r = ROLES[role]
        self.lang = lang or r["lang"]
        self.title = title or r["title"]
        self.town = town or R.choice(self.c["towns"])
        self.dept = dept if dept is not None else R.choice(depts_for(ck, role))
        self.intro = intro if intro is not None else R.randrange(len(r["intros"]))
        self.tasks = tasks or R.sample(range(len(r["tasks"])), R.randint(4, 6))
        self.profile = profile or R.sample(range(len(r["profile"])), R.randint(3, 5))
        self.contact = R.choice(CONTACTS)
        self.day = R.randint(1, 28)
        self.month = R.choice([11, 12])
        self.deadline = (self.month % 12 + 1, R.randint(1, 28))  # month, day
        self.tt_id = str(R.randint(6800000, 7999999))
        self.uuid = str(uuid.UUID(int=R.getrandbits(128), version=4))
        self.emply_no = str(R.randint(5000000, 5999999))
        self.emply_short = "".join(R.choice("abcdefghijkmnpqrstuvwxyz23456789") for _ in range(6))
        self.hrm_pid = str(R.randint(230000, 249999))
        self.hrm_did = str(R.randint(6000, 7999))
        self.jobylon = str(R.randint(21000, 29999))
        self.personio = str(R.randint(1500000, 1999999))
        self.greenhouse = str(R.randint(4000000000, 4999999999))
        self.sf_req = str(R.randint(10000, 39999))
        self.recruitee = str(R.randint(1200000, 1999999))
        self.own = str(R.randint(100, 999))
        self.employment = R.choice(["full_time", "full_time", "permanent", "part_time"])
        self.remote = R.choice([None, None, "hybrid"]) if self.lang == "en" else None
        self.extra_paragraph = None  # set for department-specific text
        self.custom_text = None

    # ---- text ----
    def town_name(self):
        return TOWNS[self.town][1]

    def blocks(self):
        """Paragraphs and lists of the ad: list of ("p", text) / ("ul", heading, items)."""
        if self.custom_text is not None:
            return None
        r = ROLES[self.role]
        intro = r["intros"][self.intro].format(company=self.c["name"], dept=self.dept, town=self.town_name())
        out = [("p", intro)]
        if self.extra_paragraph:
            out.append(("p", self.extra_paragraph))
        da = self.lang == "da"
        out.append(("ul", "Dine opgaver bliver blandt andet:" if da else "Your tasks will include:", [r["tasks"][i] for i in self.tasks]))
        out.append(("ul", "Din profil:" if da else "Your profile:", [r["profile"][i] for i in self.profile]))
        out.append(("p", OFFER[self.ck]))
        out.append(("p", self.contact_text()))
        return out

    def contact_text(self):
        m, d = self.deadline
        name, phone = self.contact
        if self.lang == "da":
            return f"Søg stillingen senest den {d}. {MONTHS_DA[m - 1]}. Har du spørgsmål, er du velkommen til at kontakte {name} på tlf. {phone}."
        return f"Apply no later than {d} {MONTHS_EN[m - 1]}. For questions about the position, contact {name} on +45 {phone}."

    def plain(self):
        if self.custom_text is not None:
            return self.custom_text
        parts = []
        for b in self.blocks():
            if b[0] == "p":
                parts.append(b[1])
            else:
                parts.append(b[1] + "\n" + "\n".join("- " + i for i in b[2]))
        return "\n\n".join(parts)

    def html(self):
        if self.custom_text is not None:
            return "<p>" + self.custom_text.replace("\n\n", "</p><p>").replace("\n", "<br>") + "</p>"
        parts = []
        for b in self.blocks():
            if b[0] == "p":
                parts.append(f"<p>{b[1]}</p>")
            else:
                parts.append(f"<p><strong>{b[1]}</strong></p><ul>" + "".join(f"<li>{i}</li>" for i in b[2]) + "</ul>")
        return "".join(parts)

    # ---- dates ----
    def posted(self, shift=0):
        d = self.day + shift
        m = self.month
        if d < 1:
            d += 28
            m -= 1
        if d > 28:
            d -= 28
            m += 1
        off = "+01:00"
        y = 2026
        if m > 12:
            y, m = 2027, m - 12
        return f"{y}-{m:02d}-{d:02d}T{R.choice(['08', '09', '10', '13'])}:00:00{off}"

    def valid(self):
        m, d = self.deadline
        y = 2027 if m < 11 else 2026
        return f"{y}-{m:02d}-{d:02d}T23:59:00+01:00"

    def slug(self):
        return slugify(self.title)


# ---- locations ----

def location(town, level="full", street=None):
    if level == "none" or town is None:
        return dict(raw=None, street=None, postal_code=None, city=None, municipality=None,
                    municipality_code=None, region=None, country=None, ambiguous=False)
    postal, city, muni, code = TOWNS[town]
    if level == "full":
        raw = f"{street + ', ' if street else ''}{postal} {city}"
        return dict(raw=raw, street=street, postal_code=postal, city=city, municipality=muni,
                    municipality_code=code, region=REGION, country="DK", ambiguous=False)
    # city only: enrichment placed the town name
    return dict(raw=f"{city}, Denmark", street=None, postal_code=None, city=city, municipality=muni,
                municipality_code=code, region=REGION, country="Denmark", ambiguous=False)


def foreign_location(city, country):
    return dict(raw=f"{city}, {country}", street=None, postal_code=None, city=city, municipality=None,
                municipality_code=None, region=None, country=country, ambiguous=False)


STREETS = ["Industrivej 12", "Hovedgaden 4", "Fabriksvej 31", "Søndergade 8", "Palle Juul-Jensens Boulevard 99",
           "Nørregade 17", "Vestergade 2", "Tværvej 6", "Havnevej 21", "Mejerivej 3"]


# ---- channels ----

def posting(job, *, kind, source_id, source_url, native_id, url, title=None, desc=None, html=None,
            loc=None, company=None, date_posted=None, valid_through=None, lang=None, department=None,
            remote=None, employment="job", scope=None, extra_locs=None, categories=None):
    company = company or dict(id=job.c["id"], name=job.c["name"])
    scope = scope or source_id or (url.split("/")[2] if url else "local")
    key_kind, key_val = ("id", native_id) if native_id else ("url", url)
    et = job.employment if employment == "job" else employment
    return dict(
        id=pid(scope, key_kind, key_val),
        title=title or job.title,
        company=company,
        url=url,
        apply_url=None,
        description=desc if desc is not None else job.plain(),
        description_html=html,
        location=loc if loc is not None else location(job.town, "city"),
        additional_locations=extra_locs or [],
        employment_type=et,
        employment_types=[et] if et else [],
        remote=remote,
        salary=None,
        department=department,
        categories=categories or [],
        direct_apply=None,
        date_posted=date_posted,
        valid_through=valid_through,
        first_seen=None,
        last_seen=None,
        language=lang or job.lang,
        language_confidence=None,
        seniority=None,
        flags=[],
        clusters=[],
        cluster_evidence=[],
        occupations=[],
        sources=[dict(kind=kind, source_id=source_id, url=source_url, native_id=native_id)],
    )


def sid(job, what):
    return f"{job.c['id']}/{what}"


def career_page(job, identifier=None, **kw):
    """Career page with schema.org JSON-LD on the company's own site."""
    c = job.c
    if c["ats"] == "teamtailor" and kw.pop("tt_path", False):
        url = f"{c['site']}/jobs/{job.tt_id}-{job.slug()}"
    else:
        url = f"{c['site']}/job/{job.slug()}-{job.own}"
    kw.setdefault("loc", location(job.town, "full", street=R.choice(STREETS)))
    kw.setdefault("date_posted", job.posted())
    kw.setdefault("valid_through", job.valid())
    kw.setdefault("html", None)
    return posting(job, kind="jsonld", source_id=sid(job, "careers"), source_url=url, native_id=identifier,
                   url=url, **kw)


def tt_rss(job, vanity=False, **kw):
    c = job.c
    host = c["vanity"] if vanity else f"https://{c['tenant']}.teamtailor.com"
    url = f"{host}/jobs/{job.tt_id}-{job.slug()}"
    kw.setdefault("loc", location(job.town, "city"))
    kw.setdefault("date_posted", job.posted())
    kw.setdefault("department", job.dept)
    kw.setdefault("remote", job.remote)
    kw.setdefault("html", None)
    return posting(job, kind="teamtailor", source_id=sid(job, "teamtailor"), source_url=f"{host}/jobs.rss",
                   native_id=job.uuid, url=url, employment=None, **kw)


def tt_json(job, vanity=False, **kw):
    c = job.c
    host = c["vanity"] if vanity else f"https://{c['tenant']}.teamtailor.com"
    url = f"{host}/jobs/{job.tt_id}-{job.slug()}"
    kw.setdefault("loc", location(job.town, "city"))
    kw.setdefault("date_posted", job.posted())
    kw.setdefault("html", None)
    return posting(job, kind="teamtailor", source_id=sid(job, "teamtailor-json"), source_url=f"{host}/jobs.json",
                   native_id=job.tt_id, url=url, employment=None, **kw)


def emply(job, **kw):
    c = job.c
    host = f"https://{c['tenant']}.career.emply.com"
    url = f"{host}/da/ad/{job.slug()}/{job.emply_short}"
    kw.setdefault("loc", location(job.town, "full", street=R.choice(STREETS)))
    kw.setdefault("date_posted", job.posted())
    kw.setdefault("valid_through", job.valid())
    kw.setdefault("department", job.dept)
    kw.setdefault("html", None)
    return posting(job, kind="emply", source_id=sid(job, "emply"), source_url=f"{host}/api/integration/vacancy/get-page",
                   native_id=job.emply_no, url=url, **kw)


def hrm(job, **kw):
    c = job.c
    url = (f"https://candidate.hr-manager.net/ApplicationInit.aspx?cid={c['cid']}&ProjectId={job.hrm_pid}"
           f"&DepartmentId={job.hrm_did}&MediaId=5")
    kw.setdefault("loc", location(job.town, "full", street=R.choice(STREETS)))
    kw.setdefault("date_posted", job.posted())
    kw.setdefault("valid_through", job.valid())
    kw.setdefault("department", job.dept)
    kw.setdefault("html", None)
    return posting(job, kind="hr_manager", source_id=sid(job, "hr-manager"),
                   source_url=f"https://api.hr-manager.net/jobportal.svc/{c['alias']}/positionlist/json/?incads=1&take=50&skip=0",
                   native_id=job.hrm_pid, url=url, **kw)


def jobylon(job, **kw):
    c = job.c
    url = f"https://emp.jobylon.com/jobs/{job.jobylon}-{c['slug']}-{job.slug()}/"
    kw.setdefault("loc", location(job.town, "full"))
    kw.setdefault("date_posted", job.posted())
    kw.setdefault("valid_through", job.valid())
    kw.setdefault("html", None)
    return posting(job, kind="jobylon", source_id=sid(job, "jobylon"), source_url="https://feed.jobylon.com/feeds/9f2c4be1a07d4e3c8d5b6a7f01e2d3c4/?format=json",
                   native_id=job.jobylon, url=url, **kw)


def jobylon_page(job, **kw):
    c = job.c
    url = f"https://emp.jobylon.com/jobs/{job.jobylon}-{c['slug']}-{job.slug()}/"
    kw.setdefault("loc", location(job.town, "city"))
    kw.setdefault("date_posted", job.posted())
    kw.setdefault("html", None)
    return posting(job, kind="jsonld", source_id=None, source_url=url, native_id=None, url=url, scope="emp.jobylon.com", **kw)


def personio(job, **kw):
    c = job.c
    url = f"https://{c['slug']}.jobs.personio.de/job/{job.personio}"
    kw.setdefault("loc", location(job.town, "city"))
    kw.setdefault("date_posted", job.posted())
    kw.setdefault("department", job.dept)
    kw.setdefault("html", None)
    return posting(job, kind="personio", source_id=sid(job, "personio"), source_url=f"https://{c['slug']}.jobs.personio.de/xml?language=da",
                   native_id=job.personio, url=url, **kw)


def greenhouse(job, **kw):
    c = job.c
    url = f"https://boards.greenhouse.io/{c['board']}/jobs/{job.greenhouse}"
    kw.setdefault("loc", location(job.town, "city"))
    kw.setdefault("date_posted", job.posted())
    kw.setdefault("department", job.dept)
    kw.setdefault("html", None)
    return posting(job, kind="greenhouse", source_id=sid(job, "greenhouse"), source_url=f"https://boards-api.greenhouse.io/v1/boards/{c['board']}/jobs?content=true",
                   native_id=job.greenhouse, url=url, **kw)


def successfactors(job, **kw):
    c = job.c
    url = f"https://career5.successfactors.eu/career?career_ns=job_listing&company={c['sfco']}&career_job_req_id={job.sf_req}"
    kw.setdefault("loc", location(job.town, "city"))
    kw.setdefault("date_posted", job.posted())
    kw.setdefault("html", None)
    return posting(job, kind="successfactors", source_id=sid(job, "successfactors"),
                   source_url=f"https://career5.successfactors.eu/career?company={c['sfco']}&career_ns=job_listing_summary&resultType=XML",
                   native_id=job.sf_req, url=url, **kw)


def recruitee(job, **kw):
    c = job.c
    url = f"https://{c['slug']}.recruitee.com/o/{job.slug()}-{job.recruitee}"
    kw.setdefault("loc", location(job.town, "city"))
    kw.setdefault("date_posted", job.posted())
    kw.setdefault("html", None)
    return posting(job, kind="recruitee", source_id=sid(job, "recruitee"), source_url=f"https://{c['slug']}.recruitee.com/api/offers/",
                   native_id=job.recruitee, url=url, **kw)


def xml_export(job, **kw):
    """The employer's Indeed-style XML export: links to its own career page."""
    c = job.c
    url = f"{c['site']}/job/{job.slug()}-{job.own}"
    kw.setdefault("loc", location(job.town, "city"))
    kw.setdefault("date_posted", job.posted())
    kw.setdefault("valid_through", job.valid())
    kw.setdefault("html", None)
    return posting(job, kind="xml", source_id=sid(job, "indeed-xml"), source_url=f"{c['site']}/feeds/indeed.xml",
                   native_id=f"VB-{job.own}", url=url, **kw)


def ats(job, **kw):
    """The job as the company's ATS feed gives it."""
    return {
        "teamtailor": tt_json if R.random() < 0.5 else tt_rss,
        "emply": emply, "hr_manager": hrm, "jobylon": jobylon, "personio": personio,
        "greenhouse": greenhouse, "successfactors": successfactors, "recruitee": recruitee,
        "jsonld": xml_export,
    }[job.c["ats"]](job, **kw)


def ats_native_id(job):
    """The id the company's ATS gives the job (what a JSON-LD identifier often repeats)."""
    return {"teamtailor": job.tt_id, "personio": job.personio, "greenhouse": job.greenhouse,
            "successfactors": job.sf_req}.get(job.c["ats"])


def jobindex(job, company_name=None, **kw):
    """The employer's ad as copied onto an aggregator (no member id)."""
    n = str(R.randint(1100000, 1399999))
    url = f"https://www.jobindex.dk/vis-job/h{n}"
    kw.setdefault("loc", location(job.town, "city"))
    kw.setdefault("date_posted", job.posted(R.randint(0, 2)))
    name = company_name or job.c["name"]
    return posting(job, kind="rss", source_id=None, source_url="https://www.jobindex.dk/jobsoegning.rss?q=midtjylland",
                   native_id=None, url=url, company=dict(id=None, name=name), scope="www.jobindex.dk", **kw)


# ---- description variants ----

def markup_variant(text):
    """The same text through another HTML→text path: bullets as •, headings on
    their own line, non-breaking spaces, single newlines between paragraphs."""
    out = text.replace("\n- ", "\n• ").replace("\n\n", "\n")
    out = out.replace(". ", ".  ", 2)
    out = out.replace(" og ", "\u00a0og ", 1).replace(" and ", "\u00a0and ", 1)
    return out


def truncated(text, n):
    flat = " ".join(text.replace("\n- ", " ").split())
    cut = flat[:n]
    if R.random() < 0.5 and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip() + " …"


def with_about(job, text):
    return text + "\n\n" + ABOUT[job.ck]


def without_contact(text):
    parts = text.split("\n\n")
    return "\n\n".join(parts[:-1]) if len(parts) > 2 else text


def edited(job, text):
    """Career page edited after the feed was read: deadline moved, one bullet added."""
    m, d = job.deadline
    old = job.contact_text()
    job.deadline = (m, min(28, d + 7))
    new = job.contact_text()
    job.deadline = (m, d)
    text = text.replace(old, new)
    extra = "- Mulighed for efteruddannelse" if job.lang == "da" else "- Opportunities for further training"
    return text.replace("\n\n", "\n" + extra + "\n\n", 2).replace("\n" + extra + "\n\n", "\n\n", 1)


def title_suffix(job, kind):
    t = job.title
    city = TOWNS[job.town][2] if R.random() < 0.6 else TOWNS[job.town][1]
    if kind == "dash":
        return f"{t} – {city}"
    if kind == "hyphen":
        return f"{t} - {city}"
    if kind == "comma":
        return f"{t}, {city}"
    if kind == "mk":
        return f"{t} {R.choice(['(m/k)', '(M/K)', '(m/k/d)', '(k/m)'])}"
    if kind == "upper":
        return t.upper()
    if kind == "space":
        return " " + t.replace(" ", "  ") + " "
    if kind == "punct":
        return t.replace("-", " ") + "!"
    return t


# ---- pair builders ----

PAIRS = []


def add(a, b, dup, note):
    assert a["id"] != b["id"], note
    if R.random() < 0.5:
        a, b = b, a
    PAIRS.append(dict(a=a, b=b, duplicate=dup, note=note))


def rand_job(companies=None, roles=None, lang=None):
    while True:
        role = R.choice(roles or list(ROLES))
        cks = [c for c in ROLES[role]["companies"] if not companies or c in companies]
        if cks:
            return Job(R.choice(cks), role)


TT = ["kattegat", "silkeborgdata", "favrskovit"]


def positives():
    # P1 career page (JSON-LD identifier = Teamtailor id) vs Teamtailor JSON feed
    for _ in range(10):
        j = rand_job(TT)
        add(career_page(j, identifier=j.tt_id, desc=with_about(j, j.plain()) if R.random() < 0.5 else None),
            tt_json(j), True, "career page JSON-LD identifier equals the Teamtailor job id; different URLs")
    # P2 career page without identifier vs Teamtailor RSS (uuid guid); title decorated on one side
    for _ in range(10):
        j = rand_job(TT)
        suffix = R.choice(["dash", "mk", "hyphen", "comma", "upper"])
        add(career_page(j, title=title_suffix(j, suffix)), tt_rss(j), True,
            f"career page (no identifier, own URL) vs Teamtailor RSS (uuid guid); title variant '{suffix}'")
    # P13 vanity host vs tenant host: same Teamtailor id in the URL path
    for _ in range(6):
        j = rand_job(TT)
        a = tt_rss(j, vanity=True, desc=j.plain() if R.random() < 0.5 else markup_variant(j.plain()))
        b = tt_json(j, loc=location(None, "none")) if R.random() < 0.5 else tt_json(j)
        add(a, b, True, "Teamtailor vanity host mirror vs platform host; the numeric id is the URL path prefix")
    # P3 http/https and trailing-slash variants of one URL (two member sources for one site)
    for i in range(8):
        j = rand_job()
        a = career_page(j)
        b = career_page(j, title=title_suffix(j, "space"))
        if i % 2 == 0:
            b["url"] = b["url"].replace("https://", "http://")
        else:
            b["url"] = b["url"] + "/"
        b["sources"][0]["source_id"] = sid(j, "sitemap")
        b["sources"][0]["kind"] = "html_list"
        b["id"] = pid(b["sources"][0]["source_id"], "url", b["url"])
        add(a, b, True, "the same career page reached as " + ("http vs https" if i % 2 == 0 else "with and without trailing slash"))
    # P4 tracking-parameter variants: the parser dropped utm_*, the source addresses differ
    for _ in range(5):
        j = rand_job()
        a = career_page(j)
        b = career_page(j, desc=markup_variant(j.plain()))
        b["sources"][0] = dict(kind="rss", source_id=sid(j, "newsletter-rss"),
                               url=a["url"] + "?utm_source=linkedin&utm_medium=social&utm_campaign=efteraar", native_id=None)
        b["id"] = pid(sid(j, "newsletter-rss"), "url", b["url"])
        add(a, b, True, "link with utm_* tracking parameters (dropped by the parser) vs the plain career page")
    # P6 HR-Manager vs the region's own web page: other markup, (m/k), other URL
    for _ in range(10):
        j = rand_job(["regionmidt"])
        page = posting(j, kind="jsonld", source_id=sid(j, "rm.dk"), source_url=f"https://www.rm.dk/job/{j.slug()}-{j.hrm_pid}",
                       native_id=None, url=f"https://www.rm.dk/om-os/job/{j.slug()}-{j.hrm_pid}",
                       title=title_suffix(j, R.choice(["mk", "dash", "plain"])), desc=markup_variant(j.plain()),
                       loc=location(j.town, "city"), date_posted=j.posted())
        add(hrm(j), page, True, "HR-Manager ad vs the region's own job page (other markup, other URL, no shared id)")
    # P7 truncated feed description vs full page
    for _ in range(10):
        j = rand_job()
        short = truncated(j.plain(), R.randint(220, 420))
        a = career_page(j)
        b = jobindex(j, desc=short) if R.random() < 0.5 else ats(j, desc=short, html=None)
        if b["url"] and a["url"] == b["url"]:
            continue
        add(a, b, True, "feed with the description truncated to a few hundred characters vs the full page")
    # P9 aggregator copy with company name only (legal form dropped / æøå spelled aa, oe)
    for _ in range(8):
        j = rand_job()
        name = j.c["name"]
        variant = R.choice([name.replace(" A/S", "").replace(" ApS", ""), name.replace("å", "aa").replace("ø", "oe"), name.upper(), name])
        add(ats(j), jobindex(j, company_name=variant, desc=markup_variant(j.plain())), True,
            f"aggregator copy without member id, company written '{variant}'")
    # P10 career page appends company boilerplate, feed omits the contact line
    for _ in range(10):
        j = rand_job()
        a = career_page(j, desc=with_about(j, j.plain()))
        b = ats(j, desc=without_contact(j.plain()) if R.random() < 0.5 else j.plain())
        add(a, b, True, "career page adds an 'about us' paragraph; feed text otherwise the same")
    # P-edit career page edited after the feed was read
    for _ in range(8):
        j = rand_job()
        add(career_page(j, desc=edited(j, j.plain())), ats(j), True, "career page edited later: deadline moved, one bullet added")
    # P11 Jobylon feed vs the Jobylon page's JSON-LD (same URL)
    for _ in range(5):
        j = Job("horsensstaal", R.choice(["svejser", "automation"]))
        add(jobylon(j), jobylon_page(j, desc=markup_variant(j.plain())), True, "Jobylon feed item vs its public page's JSON-LD")
    # P16 Personio XML vs career page whose JSON-LD identifier is the Personio id
    for _ in range(6):
        j = rand_job(["vestjyskvind", "hedensted"])
        add(personio(j), career_page(j, identifier=j.personio, title=title_suffix(j, R.choice(["dash", "plain", "mk"]))),
            True, "Personio XML vs career page with the Personio id as JSON-LD identifier")
    # Emply vs the municipality's own site (aarhus.dk), title case and whitespace differ
    for _ in range(8):
        j = rand_job(["aarhuskommune", "gudenaa"])
        own = posting(j, kind="html_list", source_id=sid(j, "site"), source_url=f"{j.c['site']}/job",
                      native_id=None, url=f"{j.c['site']}/job/ledige-stillinger/{j.slug()}",
                      title=title_suffix(j, R.choice(["upper", "space", "dash", "punct"])),
                      desc=markup_variant(j.plain()), loc=location(j.town, "city"), date_posted=j.posted(1))
        add(emply(j), own, True, "Emply ad vs the employer's own list page: title case/spacing, markup differ")
    # P12 translated: Danish career page vs English ATS ad
    for i, (ck, t_da, x_da, t_en, x_en) in enumerate(TRANSLATIONS):
        role = "systemudvikler"
        j = Job(ck, role, town=COMPANIES[ck]["towns"][0], title=t_da, lang="da")
        j.dept = TRANSLATION_DEPTS[i]  # fix: the role's own departments do not fit these jobs
        j.custom_text = x_da
        a = career_page(j, identifier=ats_native_id(j) if i % 2 == 0 else None)
        j.custom_text, j.title, j.lang = x_en, t_en, "en"
        b = ats(j)
        add(a, b, True, "same job: Danish career page vs English ATS ad" + (" (shared id)" if a["sources"][0]["native_id"] else " (no shared id)"))
    # Career page titled in Danish, feed in English, same Danish text, no shared id
    for _ in range(3):
        j = rand_job(["kattegat", "djursbiotek"], roles=["backend", "frontend", "dataeng", "labtech"])
        da_title = {"Backend Developer": "Backend-udvikler", "Frontend Developer": "Frontend-udvikler",
                    "Data Engineer": "Dataingeniør", "Laboratory Technician": "Laborant"}[j.title]
        add(career_page(j, title=da_title), ats(j), True, "career page title in Danish, feed title in English, same text, no shared id")
    # Location missing on one side (Teamtailor JSON feed without jobLocation)
    for i in range(4):
        j = rand_job(TT)
        a = career_page(j, identifier=j.tt_id if i < 2 else None)
        b = tt_json(j, loc=location(None, "none"))
        if i >= 2:
            b = tt_rss(j, loc=location(None, "none"))
        add(a, b, True, "feed item without a location vs career page with one" + (" (shared id)" if i < 2 else " (no shared id)"))


def variant_job(j, **over):
    """Another opening of the same role at the same company (new ids, new text choices)."""
    k = dict(ck=j.ck, role=j.role, town=j.town)
    k.update(over)
    return Job(**k)


def negatives():
    # N1 same title, same company, another municipality, templated text
    for _ in range(15):
        j = rand_job([c for c in COMPANIES if len({TOWNS[t][2] for t in COMPANIES[c]["towns"]}) > 1])
        towns = [t for t in j.c["towns"] if TOWNS[t][2] != TOWNS[j.town][2]]
        k = variant_job(j, town=R.choice(towns), dept=j.dept, intro=j.intro, tasks=j.tasks, profile=j.profile)
        k.contact = j.contact if R.random() < 0.5 else k.contact
        k.deadline = j.deadline
        a = ats(j)
        b = ats(k) if R.random() < 0.5 else career_page(k)
        add(a, b, False, "same company and title, same template text, other town/municipality")
    # N2 same company + title + municipality, two departments, different texts
    for _ in range(15):
        j = rand_job()
        depts = [d for d in depts_for(j.ck, j.role) if d != j.dept]
        k = variant_job(j, dept=R.choice(depts), intro=(j.intro + 1) % 3)
        if TOWNS[k.town][2] != TOWNS[j.town][2]:
            k.town = j.town
        add(ats(j), ats(k) if R.random() < 0.5 else career_page(k), False,
            "same company, title and municipality: two openings in two departments with different texts")
    # N7 same source, same title + municipality, near-identical template, different institutions
    for _ in range(8):
        j = rand_job(["aarhuskommune", "regionmidt"], roles=["sosu", "paedagog", "sygeplejerske"])
        depts = [d for d in depts_for(j.ck, j.role) if d != j.dept]
        k = variant_job(j, dept=R.choice(depts), intro=j.intro, tasks=j.tasks, profile=j.profile)
        k.town = j.town
        k.deadline = j.deadline
        add(ats(j), ats(k), False, "one feed, two items: same title and template, different institution (two openings)")
    # N3 agency repost of another company's job
    for _ in range(12):
        j = rand_job()
        ag = AGENCIES[1] if j.lang == "en" else R.choice([AGENCIES[0], AGENCIES[2]])
        body = j.plain()
        body = "\n\n".join(p for p in body.split("\n\n")
                             if j.c["name"] not in p and OFFER[j.ck] not in p and j.contact[0] not in p)
        desc = ag["intro"].format(town=j.town_name()) + "\n\n" + body + "\n\n" + ag["outro"]
        n = str(R.randint(10000, 99999))
        url = f"{ag['site']}/job/{j.slug()}-{n}"
        b = posting(j, kind="jsonld", source_id=None, source_url=url, native_id=n, url=url,
                    title=title_suffix(j, R.choice(["plain", "plain", "dash"])), desc=desc,
                    company=dict(id=None, name=ag["name"]), loc=location(j.town, "city"), scope=url.split("/")[2],
                    date_posted=j.posted(3))
        add(ats(j), b, False, f"agency repost ({ag['name']}) of {j.c['name']}'s job: another employer of record, another application channel")
    # N4 same title, different companies, same town
    pairs = [(r, c1, c2) for r, v in ROLES.items() for c1 in v["companies"] for c2 in v["companies"] if c1 < c2]
    for _ in range(12):
        r, c1, c2 = R.choice(pairs)
        j = Job(c1, r)
        common = [t for t in COMPANIES[c2]["towns"] if TOWNS[t][2] == TOWNS[j.town][2]]
        k = Job(c2, r, town=common[0] if common else R.choice(COMPANIES[c2]["towns"]))
        add(ats(j), ats(k), False, "same title at two different companies")
    # N9 same title, same template, abroad (no Danish municipality), other city
    abroad = [("Husum", "Germany"), ("Flensburg", "Germany"), ("Aberdeen", "United Kingdom"), ("Esbjerg", "Denmark"), ("Gdańsk", "Poland")]
    for i in range(5):
        j = Job("vestjyskvind", "servicetekniker")
        k = variant_job(j, dept=j.dept, intro=j.intro, tasks=j.tasks, profile=j.profile)
        k.deadline = j.deadline
        c1, c2 = R.sample(abroad[:3] + abroad[4:], 2)
        a = personio(j, loc=foreign_location(*c1))
        b = personio(k, loc=foreign_location(*c2))
        add(a, b, False, f"same title and template text, service sites abroad ({c1[0]} vs {c2[0]}): no Danish municipality, other city")
    # N6 similar titles (senior vs not), same company + municipality, overlapping text
    for _ in range(8):
        j = rand_job()
        k = variant_job(j, dept=j.dept, tasks=j.tasks[:3] + [i for i in range(8) if i not in j.tasks][:2])
        k.town = j.town
        k.title = ("Senior " + j.title) if j.lang == "en" else R.choice(["Erfaren ", "Ledende "]) + j.title.lower()
        add(ats(j), ats(k), False, f"'{j.title}' vs '{k.title}': two openings at one company, overlapping text")
    # N8 the same native id number at two different companies
    for _ in range(5):
        j = rand_job(["regionmidt"])
        k = rand_job(["gudenaa", "aarhuskommune"])
        k.emply_no = j.hrm_pid
        add(hrm(j), emply(k), False, "same native id value at two different companies (different ATS)")
    # N5 different jobs, same company
    for _ in range(20):
        ck = R.choice(list(COMPANIES))
        roles = [r for r, v in ROLES.items() if ck in v["companies"]]
        if len(roles) < 2:
            roles = roles * 2
        r1, r2 = R.sample(roles, 2) if len(set(roles)) > 1 else (roles[0], roles[0])
        j, k = Job(ck, r1), Job(ck, r2)
        if r1 == r2:
            k.dept = [d for d in depts_for(ck, r2) if d != j.dept][0]
        add(ats(j), ats(k) if R.random() < 0.7 else career_page(k), False, "two different jobs at the same company")
    # N10 neighbouring URLs on one host
    for _ in range(8):
        j = rand_job()
        k = rand_job([j.ck])
        a = career_page(j)
        b = career_page(k)
        b["url"] = a["url"].rsplit("-", 1)[0].rsplit("/", 1)[0] + "/" + k.slug() + "-" + str(int(j.own) + 1)
        b["sources"][0]["url"] = b["url"]
        add(a, b, False, "two career pages on one host with neighbouring ids")
    # N11 same company + title, both without location, different texts
    for _ in range(6):
        j = rand_job()
        depts = [d for d in depts_for(j.ck, j.role) if d != j.dept]
        k = variant_job(j, dept=R.choice(depts), intro=(j.intro + 2) % 3)
        add(ats(j, loc=location(None, "none")), ats(k, loc=location(None, "none")), False,
            "same company and title, no location on either, different texts")





# ---- Appended set (v2): hard negatives ----
# Written before the rules they probe (place unknown on one side; a Danish
# and an English posting of one occupation) were coded. They are appended
# after the original lines, so line numbers and the dev/test split of the
# original 231 pairs stay as they were.

def unplaced(job):
    """The job as its ATS feed gives it, without any location."""
    return ats(job, loc=location(None, "none"))


def same_day(k, j):
    """Publish `k` on the day of `j`, with the same deadline (a batch of ads)."""
    k.day, k.month, k.deadline = j.day, j.month, j.deadline


def other_opening_same_template(j):
    """Another opening of j's role at j's site: same template, another department."""
    depts = [d for d in depts_for(j.ck, j.role) if d != j.dept]
    k = variant_job(j, dept=R.choice(depts), intro=j.intro, tasks=j.tasks, profile=j.profile)
    k.town, k.contact = j.town, j.contact
    same_day(k, j)
    return k


def hard_unplaced():
    # H1 no place on one side, same company and title, another opening with another text
    for _ in range(6):
        j = rand_job()
        depts = [d for d in depts_for(j.ck, j.role) if d != j.dept]
        k = variant_job(j, dept=R.choice(depts), intro=(j.intro + 1) % 3)
        k.town = j.town
        add(unplaced(j), career_page(k), False,
            "feed item without a location vs career page of another opening: same company and title, different text")
    # H2 no place on one side, same template text, the other opening is in another municipality
    multi = [c for c in COMPANIES if len({TOWNS[t][2] for t in COMPANIES[c]["towns"]}) > 1]
    for _ in range(6):
        j = rand_job(multi)
        towns = [t for t in j.c["towns"] if TOWNS[t][2] != TOWNS[j.town][2]]
        k = variant_job(j, town=R.choice(towns), dept=j.dept, intro=j.intro, tasks=j.tasks, profile=j.profile)
        k.contact = j.contact
        same_day(k, j)
        add(unplaced(j), career_page(k), False,
            "feed item without a location vs career page in another municipality: same company, title and template text")
    # H3 no place on one side, same template, same municipality, another institution
    for _ in range(6):
        j = rand_job(["aarhuskommune", "regionmidt"], roles=["sosu", "paedagog", "sygeplejerske"])
        k = other_opening_same_template(j)
        add(unplaced(j), career_page(k), False,
            "feed item without a location vs career page of the same template at another institution in the same municipality (two openings)")
    # H4 both placed: the same template at two institutions, career page vs feed (two sources)
    for _ in range(4):
        j = rand_job(["aarhuskommune", "regionmidt"], roles=["sosu", "paedagog", "sygeplejerske"])
        k = other_opening_same_template(j)
        add(ats(j), career_page(k), False,
            "same template, same title and municipality, another institution: career page vs feed (two openings, two sources)")


def hard_languages():
    # H5 Danish career page vs English ATS ad of another team: same company, occupation, site and day
    for ck, t_da, x_da, t_en, x_en, team in TWO_OPENINGS:
        role = "systemudvikler"
        j = Job(ck, role, town=COMPANIES[ck]["towns"][0], title=t_da, lang="da")
        j.custom_text = x_da
        k = Job(ck, role, town=j.town, dept=team, title=t_en, lang="en")
        k.custom_text = x_en
        same_day(k, j)
        add(career_page(j), ats(k), False,
            f"Danish career page vs English ATS ad of another team ({team}): same company, occupation, site and day (two openings)")
    # H6 one occupation, Danish and English title, same template text, another municipality
    da_titles = {"Backend Developer": "Backend-udvikler", "Frontend Developer": "Frontend-udvikler",
                 "Data Engineer": "Dataingeniør", "Laboratory Technician": "Laborant"}
    for _ in range(3):
        j = rand_job(["kattegat", "djursbiotek"], roles=["backend", "frontend", "dataeng", "labtech"])
        towns = [t for t in j.c["towns"] if TOWNS[t][2] != TOWNS[j.town][2]]
        k = variant_job(j, town=R.choice(towns), dept=j.dept, intro=j.intro, tasks=j.tasks, profile=j.profile)
        k.contact = j.contact
        same_day(k, j)
        add(career_page(j, title=da_titles[j.title]), ats(k), False,
            "Danish title vs English title, same template text, another municipality (two openings)")
    # H6b a translated job and the English ad of the same role at the company's other site
    for ck, t_da, x_da, t_en, x_en in (TRANSLATIONS[1], TRANSLATIONS[2]):
        towns = COMPANIES[ck]["towns"]
        j = Job(ck, "systemudvikler", town=towns[0], title=t_da, lang="da")
        j.custom_text = x_da
        k = Job(ck, "systemudvikler", town=towns[1], dept=TRANSLATION_DEPTS[TRANSLATIONS.index((ck, t_da, x_da, t_en, x_en))],
                title=t_en, lang="en")
        k.custom_text = x_en.replace(TOWNS[towns[0]][1].split()[0], TOWNS[towns[1]][1].split()[0])
        same_day(k, j)
        add(career_page(j), ats(k), False,
            "Danish career page vs English ATS ad of the same role at the company's other site (two openings)")


def hard_titles():
    # H7 one ad text under two titles naming different occupations
    for ck, town, t_a, t_b, text in ONE_TEXT_TWO_ROLES:
        role = next(r for r, v in ROLES.items() if ck in v["companies"])
        j = Job(ck, role, town=town, title=t_a)
        j.custom_text = text
        k = Job(ck, role, town=town, title=t_b)
        k.custom_text = text
        same_day(k, j)
        add(ats(j), career_page(k), False,
            f"one ad text under two titles naming different occupations ('{t_a}' vs '{t_b}'): two openings")
    # H8 same occupation and template, the title names another department
    for _ in range(4):
        j = rand_job(["regionmidt", "aarhuskommune", "hedensted", "gudenaa"], roles=["sygeplejerske", "sosu", "lager"])
        k = other_opening_same_template(j)
        add(ats(j, title=f"{j.title} – {j.dept}"), career_page(k, title=f"{k.title} – {k.dept}"), False,
            "same occupation and template, the titles name two departments: two openings")


positives()
negatives()
R.shuffle(PAIRS)
for p in PAIRS:
    print(json.dumps(p, ensure_ascii=False))
original = len(PAIRS)
PAIRS.clear()
hard_unplaced()
hard_languages()
hard_titles()
R.shuffle(PAIRS)
for p in PAIRS:
    print(json.dumps(p, ensure_ascii=False))
print(f"{original} original pairs and {len(PAIRS)} appended hard negatives", file=sys.stderr)
