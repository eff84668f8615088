//! The word lists of the synthetic corpus: municipalities of Region
//! Midtjylland with weights, competence clusters with Danish and English
//! titles and domain words, and sentence templates for descriptions.

/// A municipality: code, name, main town, postal code, relative job volume
/// (roughly population, Aarhus weighted up as the regional job centre).
pub(super) const PLACES: [(&str, &str, &str, &str, u32); 19] = [
    ("0751", "Aarhus", "Aarhus C", "8000", 450),
    ("0730", "Randers", "Randers C", "8900", 99),
    ("0615", "Horsens", "Horsens", "8700", 98),
    ("0740", "Silkeborg", "Silkeborg", "8600", 97),
    ("0657", "Herning", "Herning", "7400", 90),
    ("0791", "Viborg", "Viborg", "8800", 97),
    ("0661", "Holstebro", "Holstebro", "7500", 59),
    ("0779", "Skive", "Skive", "7800", 46),
    ("0756", "Ikast-Brande", "Ikast", "7430", 42),
    ("0766", "Hedensted", "Hedensted", "8722", 47),
    ("0710", "Favrskov", "Hinnerup", "8382", 49),
    ("0746", "Skanderborg", "Skanderborg", "8660", 64),
    ("0727", "Odder", "Odder", "8300", 23),
    ("0706", "Syddjurs", "Ebeltoft", "8400", 43),
    ("0707", "Norddjurs", "Grenaa", "8500", 37),
    ("0665", "Lemvig", "Lemvig", "7620", 19),
    ("0671", "Struer", "Struer", "7600", 21),
    ("0760", "Ringkøbing-Skjern", "Ringkøbing", "6950", 56),
    ("0741", "Samsø", "Tranebjerg", "8305", 4),
];

/// The region of every place.
pub(super) const REGION: &str = "Region Midtjylland";

/// A competence cluster (ids of `index/clusters.toml`).
pub(super) struct Cluster {
    pub(super) id: &'static str,
    /// Relative share of postings.
    pub(super) weight: u32,
    /// Share of its postings written in English, in percent.
    pub(super) english_percent: u32,
    pub(super) titles_da: &'static [&'static str],
    pub(super) titles_en: &'static [&'static str],
    /// Domain words and phrases used in tasks and qualifications.
    pub(super) words_da: &'static [&'static str],
    pub(super) words_en: &'static [&'static str],
}

/// The clusters; one line per list keeps this table readable.
#[rustfmt::skip]
pub(super) const CLUSTERS: [Cluster; 14] = [
    Cluster {
        id: "it",
        weight: 10,
        english_percent: 45,
        titles_da: &["softwareudvikler", "backend-udvikler", "frontend-udvikler", "it-supporter", "systemadministrator", "it-projektleder", "dataanalytiker", "it-arkitekt", "testkonsulent", "devops-ingeniør"],
        titles_en: &["software engineer", "backend developer", "frontend developer", "data engineer", "devops engineer", "it support specialist", "solution architect", "data scientist", "qa engineer", "cloud engineer"],
        words_da: &["programmering", "systemudvikling", "databaser", "cloud", "sikkerhed", "integrationer", "kodegennemgang", "automatiseret test", "brugerflader", "driftsovervågning", "netværk", "servere", "Python", "C#", ".NET", "Java", "Rust", "Azure", "Kubernetes", "SQL"],
        words_en: &["programming", "software development", "databases", "cloud infrastructure", "security", "integrations", "code review", "automated testing", "user interfaces", "monitoring", "networking", "microservices", "Python", "TypeScript", "Go", "Java", "Rust", "AWS", "Kubernetes", "PostgreSQL"],
    },
    Cluster {
        id: "engineering",
        weight: 6,
        english_percent: 30,
        titles_da: &["maskiningeniør", "elektroingeniør", "projektingeniør", "automationsingeniør", "konstruktør", "kvalitetsingeniør", "udviklingsingeniør"],
        titles_en: &["mechanical engineer", "electrical engineer", "project engineer", "automation engineer", "design engineer", "quality engineer"],
        words_da: &["konstruktion", "vindmøller", "styringssystemer", "tegninger", "beregninger", "prototyper", "idriftsættelse", "CAD", "SolidWorks", "PLC", "risikovurdering", "leverandører", "produktudvikling", "standarder"],
        words_en: &["design", "wind turbines", "control systems", "drawings", "calculations", "prototypes", "commissioning", "CAD", "SolidWorks", "PLC", "risk assessment", "suppliers", "product development", "standards"],
    },
    Cluster {
        id: "science",
        weight: 3,
        english_percent: 40,
        titles_da: &["laborant", "kemiker", "biolog", "forsker", "ph.d.-studerende", "laboratorietekniker"],
        titles_en: &["laboratory technician", "chemist", "biologist", "research scientist", "postdoc", "phd student"],
        words_da: &["laboratorium", "analyser", "forsøg", "prøver", "dokumentation", "GMP", "kvalitetskontrol", "forskning", "publikationer", "metodeudvikling"],
        words_en: &["laboratory", "analyses", "experiments", "samples", "documentation", "GMP", "quality control", "research", "publications", "method development"],
    },
    Cluster {
        id: "health",
        weight: 14,
        english_percent: 5,
        titles_da: &["sygeplejerske", "social- og sundhedsassistent", "social- og sundhedshjælper", "fysioterapeut", "ergoterapeut", "læge", "afdelingslæge", "jordemoder", "tandlæge", "psykolog"],
        titles_en: &["registered nurse", "healthcare assistant", "physiotherapist", "doctor", "psychologist"],
        words_da: &["patienter", "borgere", "pleje", "omsorg", "behandling", "medicin", "hjemmeplejen", "akutmodtagelsen", "sengeafsnit", "rehabilitering", "dokumentation", "tværfagligt samarbejde", "pårørende", "vagter"],
        words_en: &["patients", "care", "treatment", "medication", "emergency department", "ward", "rehabilitation", "documentation", "interdisciplinary collaboration", "relatives", "shifts"],
    },
    Cluster {
        id: "education",
        weight: 9,
        english_percent: 6,
        titles_da: &["pædagog", "lærer", "underviser", "pædagogmedhjælper", "lektor", "skoleleder", "dagplejer", "specialpædagog"],
        titles_en: &["teacher", "early childhood educator", "lecturer", "teaching assistant"],
        words_da: &["børn", "elever", "undervisning", "børnehave", "vuggestue", "skole", "forældresamarbejde", "læreplaner", "inklusion", "dansk", "matematik", "naturfag", "trivsel", "fællesskab"],
        words_en: &["children", "pupils", "teaching", "kindergarten", "school", "parents", "curriculum", "inclusion", "mathematics", "science", "wellbeing", "community"],
    },
    Cluster {
        id: "finance",
        weight: 8,
        english_percent: 15,
        titles_da: &["bogholder", "controller", "økonomimedarbejder", "lønkonsulent", "revisor", "hr-konsulent", "advokat", "økonomichef", "regnskabsassistent"],
        titles_en: &["accountant", "financial controller", "payroll specialist", "auditor", "hr business partner", "legal counsel", "finance manager"],
        words_da: &["regnskab", "budget", "bogføring", "afstemninger", "månedsafslutning", "årsregnskab", "løn", "rekruttering", "kontrakter", "moms", "rapportering", "Navision", "Economic", "SAP"],
        words_en: &["accounting", "budgets", "bookkeeping", "reconciliations", "month-end closing", "annual accounts", "payroll", "recruitment", "contracts", "VAT", "reporting", "Dynamics", "SAP"],
    },
    Cluster {
        id: "sales",
        weight: 9,
        english_percent: 15,
        titles_da: &["salgskonsulent", "key account manager", "kundeservicemedarbejder", "butiksassistent", "marketingkoordinator", "sælger", "indkøber", "kommunikationsmedarbejder"],
        titles_en: &["sales manager", "key account manager", "customer service representative", "marketing specialist", "account executive", "buyer"],
        words_da: &["kunder", "salg", "markedsføring", "kampagner", "tilbud", "forhandlinger", "kundeservice", "sociale medier", "nyhedsbreve", "CRM", "butik", "budgetter", "mersalg"],
        words_en: &["customers", "sales", "marketing", "campaigns", "quotes", "negotiations", "customer service", "social media", "newsletters", "CRM", "retail", "targets", "pipeline"],
    },
    Cluster {
        id: "manufacturing",
        weight: 10,
        english_percent: 6,
        titles_da: &["produktionsmedarbejder", "cnc-operatør", "industritekniker", "smed", "svejser", "maskinarbejder", "procesoperatør", "produktionsleder", "kvalitetstekniker"],
        titles_en: &["production worker", "cnc operator", "industrial technician", "welder", "production manager"],
        words_da: &["produktion", "maskiner", "skiftehold", "kvalitet", "vedligeholdelse", "lean", "svejsning", "montage", "truckcertifikat", "sikkerhed", "emballering", "fejlfinding"],
        words_en: &["production", "machines", "shift work", "quality", "maintenance", "lean", "welding", "assembly", "forklift licence", "safety", "packaging", "troubleshooting"],
    },
    Cluster {
        id: "construction",
        weight: 8,
        english_percent: 5,
        titles_da: &["tømrer", "elektriker", "murer", "vvs-montør", "byggeleder", "maler", "anlægsgartner", "entreprenørmaskinfører", "projektleder byggeri"],
        titles_en: &["carpenter", "electrician", "plumber", "construction manager", "site manager"],
        words_da: &["byggeri", "renovering", "nybyggeri", "byggepladsen", "tegninger", "installationer", "el-installationer", "tagarbejde", "service", "entreprise", "arbejdsmiljø", "kørekort"],
        words_en: &["construction", "renovation", "new build", "building site", "drawings", "installations", "electrical installations", "roofing", "service", "contracting", "safety", "driving licence"],
    },
    Cluster {
        id: "transport",
        weight: 8,
        english_percent: 6,
        titles_da: &["lastbilchauffør", "lagermedarbejder", "speditør", "disponent", "buschauffør", "logistikkoordinator", "truckfører", "pakkeriarbejder"],
        titles_en: &["truck driver", "warehouse operative", "freight forwarder", "transport planner", "logistics coordinator"],
        words_da: &["lager", "logistik", "ruter", "kørsel", "plukning", "varemodtagelse", "transport", "disponering", "forsendelser", "kørekort kategori C/E", "chaufførkort", "ADR"],
        words_en: &["warehouse", "logistics", "routes", "driving", "picking", "goods receipt", "transport", "planning", "shipments", "category C/E licence", "tachograph card", "ADR"],
    },
    Cluster {
        id: "food",
        weight: 4,
        english_percent: 4,
        titles_da: &["kok", "bager", "slagter", "mejerist", "landbrugsmedhjælper", "driftsleder landbrug", "fodermester"],
        titles_en: &["chef", "baker", "butcher", "farm worker"],
        words_da: &["køkken", "fødevarer", "hygiejne", "råvarer", "kantine", "landbrug", "dyr", "stalden", "markarbejde", "mejeri", "slagteri", "økologi"],
        words_en: &["kitchen", "food", "hygiene", "ingredients", "canteen", "farming", "animals", "barn", "field work", "dairy", "organic"],
    },
    Cluster {
        id: "tourism",
        weight: 4,
        english_percent: 15,
        titles_da: &["receptionist", "tjener", "eventkoordinator", "bartender", "hotelmedarbejder", "rengøringsassistent", "guide"],
        titles_en: &["receptionist", "waiter", "event coordinator", "bartender", "housekeeping assistant"],
        words_da: &["gæster", "hotel", "restaurant", "events", "konferencer", "booking", "værtskab", "sæson", "weekendvagter", "rengøring", "oplevelser"],
        words_en: &["guests", "hotel", "restaurant", "events", "conferences", "booking", "hospitality", "season", "weekend shifts", "housekeeping", "experiences"],
    },
    Cluster {
        id: "creative",
        weight: 3,
        english_percent: 25,
        titles_da: &["grafisk designer", "ux-designer", "journalist", "kommunikationskonsulent", "videoproducer", "fotograf", "tekstforfatter"],
        titles_en: &["graphic designer", "ux designer", "content creator", "video producer", "copywriter"],
        words_da: &["design", "visuel identitet", "kampagner", "indhold", "video", "fotografering", "tekster", "Adobe", "Figma", "brugerrejser", "medier"],
        words_en: &["design", "visual identity", "campaigns", "content", "video", "photography", "copy", "Adobe", "Figma", "user journeys", "media"],
    },
    Cluster {
        id: "public",
        weight: 6,
        english_percent: 3,
        titles_da: &["sagsbehandler", "socialrådgiver", "jobkonsulent", "fuldmægtig", "byplanlægger", "miljømedarbejder", "administrativ medarbejder", "specialkonsulent"],
        titles_en: &["caseworker", "policy adviser", "urban planner"],
        words_da: &["borgere", "sagsbehandling", "lovgivning", "forvaltning", "jobcenter", "beskæftigelse", "politiske udvalg", "myndighedsopgaver", "kommunen", "journalisering", "KMD", "servicelov"],
        words_en: &["citizens", "case processing", "legislation", "administration", "job centre", "employment", "committees", "authority tasks", "municipality", "records"],
    },
];

/// Title additions: (Danish, English).
pub(super) const TITLE_PREFIXES: [(&str, &str); 6] = [
    ("Erfaren", "Experienced"),
    ("Senior", "Senior"),
    ("Junior", "Junior"),
    ("Ny", "New"),
    ("Engageret", "Motivated"),
    ("Dygtig", "Skilled"),
];

/// Sentence templates of a Danish ad. Slots: `{t}` title, `{w}` a domain
/// word, `{c}` company, `{p}` town, `{x}` a rare word, `{n}` a number.
pub(super) const SENTENCES_DA: [&str; 30] = [
    "Vi søger en {t} til vores afdeling i {p}.",
    "Hos {c} bliver du en del af et team, der arbejder med {w} og {w}.",
    "Som {t} får du ansvar for {w}, {w} og den daglige drift.",
    "Dine primære opgaver bliver {w}, {w} og samarbejde med vores kunder.",
    "Du har erfaring med {w} og gerne kendskab til {w}.",
    "Vi forventer, at du har en relevant uddannelse og mindst {n} års erfaring.",
    "Du er god til at samarbejde, tager initiativ og trives med mange bolde i luften.",
    "Vi tilbyder en spændende stilling med gode muligheder for faglig og personlig udvikling.",
    "Løn og ansættelsesvilkår efter gældende overenskomst og kvalifikationer.",
    "Vi har en uformel omgangstone, frokostordning, pensionsordning og sundhedsforsikring.",
    "Arbejdspladsen ligger i {p}, tæt på motorvej og offentlig transport.",
    "{c} har {n} medarbejdere og kunder i hele Danmark og resten af Europa.",
    "Du vil arbejde tæt sammen med kolleger inden for {w} og {w}.",
    "Det er en fordel, hvis du har arbejdet med {x} eller {w}.",
    "Du skal kunne arbejde selvstændigt og struktureret og have styr på {w}.",
    "Vi lægger vægt på kvalitet, sikkerhed og et godt arbejdsmiljø.",
    "Stillingen er på {n} timer om ugen med tiltrædelse hurtigst muligt.",
    "Samtaler afholdes løbende, så send gerne din ansøgning hurtigst muligt.",
    "Har du spørgsmål til stillingen, er du velkommen til at kontakte afdelingsleder {x} på telefon {n}.",
    "Du bliver en del af en virksomhed i vækst med fokus på {w} og bæredygtighed.",
    "Vores kunder spænder fra små virksomheder til store offentlige organisationer.",
    "Du får en grundig introduktion og sparring med erfarne kolleger.",
    "Du taler og skriver dansk, og du kan begå dig på engelsk.",
    "Vi arbejder med {w}, {w} og {x} i hverdagen.",
    "Ansøgningsfristen er om {n} dage, men vi ansætter, så snart vi har fundet den rette.",
    "Du er måske uddannet inden for {w} og har lyst til at bruge din viden i praksis.",
    "Vi har flekstid og mulighed for hjemmearbejde en dag om ugen.",
    "Der indhentes straffeattest og børneattest ved ansættelse.",
    "Du deltager i udviklingen af nye løsninger inden for {w}.",
    "Vi ser frem til at høre fra dig.",
];

/// Sentence templates of an English ad (same slots as [`SENTENCES_DA`]).
pub(super) const SENTENCES_EN: [&str; 30] = [
    "We are looking for a {t} to join our team in {p}.",
    "At {c} you become part of a team working with {w} and {w}.",
    "As {t} you will be responsible for {w}, {w} and daily operations.",
    "Your main tasks will be {w}, {w} and working closely with our customers.",
    "You have experience with {w} and ideally knowledge of {w}.",
    "We expect a relevant degree and at least {n} years of experience.",
    "You are a team player, take initiative and thrive with many tasks at once.",
    "We offer an exciting position with good opportunities for professional and personal growth.",
    "Salary and terms according to qualifications and the collective agreement.",
    "We have an informal culture, a lunch scheme, a pension plan and health insurance.",
    "The workplace is in {p}, close to the motorway and public transport.",
    "{c} has {n} employees and customers across Denmark and Europe.",
    "You will work closely with colleagues in {w} and {w}.",
    "It is an advantage if you have worked with {x} or {w}.",
    "You work independently and in a structured way and you master {w}.",
    "We value quality, safety and a good working environment.",
    "The position is {n} hours per week, starting as soon as possible.",
    "Interviews are held continuously, so please apply as soon as possible.",
    "If you have questions about the position, contact department manager {x} on phone {n}.",
    "You join a growing company focused on {w} and sustainability.",
    "Our customers range from small businesses to large public organisations.",
    "You will get a thorough introduction and sparring with experienced colleagues.",
    "Our working language is English; Danish is not required.",
    "We work with {w}, {w} and {x} every day.",
    "The application deadline is in {n} days, but we hire as soon as we find the right person.",
    "You may have a background in {w} and want to put your knowledge into practice.",
    "We offer flexible hours and the option to work from home one day a week.",
    "We help with relocation to Denmark and with finding housing.",
    "You take part in developing new solutions in {w}.",
    "We look forward to hearing from you.",
];

/// Syllables of the long-tail words (names of people, products, places).
pub(super) const SYLLABLES: [&str; 32] = [
    "ka", "ber", "lin", "so", "tek", "ne", "dar", "vi", "mo", "sk", "ul", "fre", "gan", "ri",
    "sto", "pe", "ha", "ven", "ol", "tri", "mar", "sen", "hol", "by", "ger", "lund", "sø", "dal",
    "ås", "bæk", "rup", "ing",
];

/// Company name endings.
pub(super) const COMPANY_SUFFIXES: [&str; 6] =
    ["A/S", "ApS", "I/S", "A.m.b.a.", "Kommune", "Holding A/S"];
