"""The English wording that carries a promise about changes and notice, one pattern per
construct of `wording` (which holds the Japanese and joins these to it).

Every pattern runs on canonical section text, one sentence at a time (sentences end at `. `,
`! `, `? ` before a capital, as `sentences` splits them). Sources: the change and notice
clauses of English terms of service and SaaS agreements (`We may modify these Terms from time
to time…`, `…will be effective as of the time of posting`, `Your continued use … will be deemed
your acceptance`, `at least thirty (30) days' prior written notice`).

Limits: keyword patterns, not a parser. `we` and `you` are taken as the provider and the
customer; a provider that calls itself by name (`DeepSeek may suspend…`) is seen only through
`we`/`us`/`the Company` in the same sentence. Negation is recognised only in the forms listed in
`NO_NOTICE`.
"""

from __future__ import annotations

import re
from typing import Final

_I = re.IGNORECASE
_TERMS = r"(?:terms|agreement|conditions|policy|policies|eula|terms\s+of\s+(?:service|use))"

# --- what makes a section the change clause ---------------------------------------------------

# Caption: Changes to These Terms, Modifications to the Agreement, Amendments, Updating These
# Terms.
CHANGE_CAPTION: Final = re.compile(
    r"\b(?:changes?|modifications?|amendments?|updates?|updating|revisions?|revising|modifying"
    rf"|amending|changing)\b.{{0,30}}\b{_TERMS}\b|^\s*(?:amendments?|modifications?)\s*$",
    _I,
)
# Body: We may modify these Terms, we reserve the right to change this Agreement, these Terms
# may be amended.
CHANGE_BODY: Final = re.compile(
    r"\b(?:may|might|can|will|reserve\s+the\s+right\s+to)\s+(?:\w+\s+){0,3}?"
    r"(?:modify|change|amend|revise|update|replace|supplement)\b[^.]{0,40}?"
    rf"\b(?:these|this|the|our)\s+{_TERMS}"
    rf"|\b(?:these|this|the)\s+{_TERMS}\s+(?:may|might|can|will)\s+be\s+"
    r"(?:modified|changed|amended|revised|updated)",
    _I,
)

# --- what a change clause allows --------------------------------------------------------------

# without notice, without prior notice, with or without notice, at any time without …
NO_NOTICE: Final = re.compile(
    r"\bwithout\s+(?:any\s+)?(?:prior\s+|advance\s+|further\s+)?(?:notice|notifying)\b"
    r"|\bwith\s+or\s+without\s+(?:prior\s+|advance\s+)?notice\b",
    _I,
)
# effective upon posting, effective as of the time of posting, effective immediately when posted.
EFFECTIVE_ON_POSTING: Final = re.compile(
    r"\beffective\s+(?:immediately\s+)?(?:upon|on|when|as\s+of\s+the\s+(?:time|date)\s+of)\s+"
    r"(?:their\s+|its\s+|being\s+)?(?:posting|posted|publication|published)"
    r"|\b(?:immediately\s+)?upon\s+(?:posting|publication)\b"
    r"|\bwhen\s+(?:we\s+)?post(?:ed)?\b[^.]{0,40}\beffective\b",
    _I,
)
# Your continued use … will be deemed your acceptance; continuing to use … you agree.
DEEMED_CONSENT: Final = re.compile(
    r"\bcontinu\w*\s+(?:to\s+)?(?:use|usage|using|access|accessing)\b[^.]{0,160}?"
    r"\b(?:constitutes?|deemed|means|signif(?:y|ies)|indicates?|considered|treated|confirms?)\b"
    r"[^.]{0,40}?\b(?:accept|agree|consent)"
    r"|\bby\s+continuing\s+to\s+(?:use|access)\b[^.]{0,120}?\b(?:agree|accept|consent)"
    r"|\b(?:keep|continue)\s+(?:to\s+)?(?:use|using|access|accessing)\b[^.]{0,160}?"
    r"\byou\s+(?:accept|agree|consent)",
    _I,
)
# Only material changes get notice: If we make changes that are material, material changes.
MATERIALITY: Final = re.compile(
    r"\bmaterial\s+(?:adverse\s+)?(?:change|modification|amendment|revision)s?\b"
    r"|\b(?:changes?|modifications?)\s+(?:that|which)\s+(?:are|is)\s+material\b"
    r"|\bmaterially\s+(?:affect|change|reduce|alter)\w*|\bsignificant(?:ly)?\s+(?:change|affect)\w*"
    r"|\b(?:greatly|adversely)\s+affect\w*",
    _I,
)
# A way out: If you do not agree … stop using, you may terminate / cancel.
OPT_OUT: Final = re.compile(
    r"\bif\s+you\s+do\s+not\s+(?:agree|accept)\b[^.]{0,80}?\b(?:stop|cease|discontinue|terminate"
    r"|cancel|close)\b|\byou\s+may\s+(?:terminate|cancel|close)\b",
    _I,
)

# --- notice ---------------------------------------------------------------------------------

# Notice given (notify you, provide … notice, post, send you an email), not a noun in passing.
NOTICE_GIVEN: Final = re.compile(
    r"\b(?:notify|notifies|notified|notifying|inform|informs|announce|announces"
    r"|post|posts|posting|placing\s+a\s+(?:prominent\s+)?notice)\b"
    r"|\b(?:provide|provides|give|gives|send|sends|deliver|delivers)\s+(?:[\w'’()]+\s+){0,8}?"
    r"(?:notice|notification|e-?mail)\b"
    r"|\bnotice\s+(?:will|shall)\s+be\s+(?:given|provided|sent|posted)\b"
    r"|\b(?:with|upon|on|after|by\s+giving)\s+(?:[\w'’()]+\s+){0,8}?(?:notice|notification)\b",
    _I,
)
# Notice before the event without a number: prior notice, in advance.
PRIOR: Final = re.compile(r"\bprior\b|\bin\s+advance\b|\badvance\s+notice\b|\bbeforehand\b", _I)
# The notice goes to the provider (notify us, notice to the Company): the customer's duty.
TO_PROVIDER: Final = re.compile(
    r"\b(?:notify|inform|tell|contact)\s+us\b|\bnotice\s+to\s+(?:us|the\s+company)\b"
    r"|\bnotice\s+of\s+your\b",
    _I,
)
# The notice goes to the customer (notify you, notice to you).
TO_CUSTOMER: Final = re.compile(
    r"\b(?:notify|inform|tell|email|e-mail)\s+you\b|\bnotice\s+to\s+you\b|\bsend\s+you\b", _I
)

# How notice is given, under the labels of `wording.METHODS`.
METHODS: Final = {
    "書面": re.compile(r"\bin\s+writing\b|\bwritten\s+notice\b|\bby\s+(?:mail|post|letter)\b", _I),
    "電子メール": re.compile(r"\be-?mail\b", _I),
    "ウェブサイト掲示": re.compile(
        r"\b(?:on|to|at)\s+(?:our|the|this)\s+(?:website|web\s?site|site|homepage|page)\b"
        r"|\bwebsite\s+announcements?\b|\bprominent\s+notice\b|\bby\s+posting\b"
        r"|\bpost(?:ing|ed)?\s+(?:the\s+)?(?:updated|revised|new|modified)\b",
        _I,
    ),
    "サービス上の表示": re.compile(
        r"\bin-?(?:app|site|product|service)\s+(?:notifications?|notices?|messages?)"
        r"|\bwithin\s+the\s+(?:app|service|services|platform)\b|\bthrough\s+the\s+services?\b",
        _I,
    ),
    "個別通知": re.compile(
        r"\b(?:notify|contact)\s+you\s+(?:directly|individually|personally)\b"
        r"|\bto\s+(?:the|your)\s+(?:registered\s+)?e-?mail\s+address\b",
        _I,
    ),
    "当社が定める方法": re.compile(
        r"\b(?:other\s+)?means\s+(?:that\s+)?we\s+(?:deem|consider|determine)\s+appropriate\b"
        r"|\bany\s+(?:reasonable\s+)?(?:means|method)\s+we\s+choose\b",
        _I,
    ),
    "その他の方法": re.compile(
        r"\bor\s+(?:by\s+)?(?:any\s+)?other\s+(?:reasonable\s+)?(?:means|methods?)\b", _I
    ),
}

# What limits a promise, under the labels of `wording.CONDITIONS`.
CONDITIONS: Final = {
    "重要な変更": MATERIALITY,
    "緊急時を除く": re.compile(
        r"\b(?:except|unless)\s+(?:in\s+)?(?:an?\s+|the\s+case\s+of\s+(?:an?\s+)?)?"
        r"(?:emergenc|urgent)",
        _I,
    ),
}

# What a lead time counts back from, written right after it: 30 days before the effective date.
ANCHOR: Final = re.compile(
    r"^['’s]*\s*(?:prior\s+)?(?:written\s+)?(?:notice\s+)?(?:before|prior\s+to)\s+"
    r"(?:the\s+|such\s+|any\s+|its\s+|their\s+)?(?P<anchor>[a-z]+(?:[ -][a-z]+){0,4})",
    _I,
)

# What a notice is about, as `wording.NOTICE_KINDS`.
NOTICE_KINDS: Final = (
    ("change-clause", CHANGE_BODY),
    ("termination", re.compile(r"\bterminat\w*|\bcancel\w*", _I)),
    ("suspension", re.compile(r"\bsuspen\w*|\binterrupt\w*", _I)),
    ("service-change", re.compile(r"\bchang\w*|\bmodif\w*|\bdiscontinu\w*|\bcease\w*", _I)),
)

# --- obligations of the customer, for 548条の4 -------------------------------------------------

CUSTOMER_SUBJECT: Final = re.compile(r"\byou\b|\busers?\b|\bcustomers?\b", _I)
DUTY: Final = re.compile(
    r"\b(?:shall|must|may)\s+not\b|\bshall\b|\bmust\b|\bagree\s+(?:not\s+)?to\b|\bprohibited\b"
    r"|\bare\s+(?:not\s+)?(?:required|allowed|permitted)\b|\bresponsible\s+for\b",
    _I,
)
PROVIDER_POWER: Final = re.compile(
    r"\b(?:we|the\s+company|us)\s+(?:may|can|reserve\s+the\s+right\s+to|(?:will\s+)?be\s+"
    r"entitled\s+to)\s+(?:\w+\s+){0,4}?(?P<what>suspend|terminate|delete|remove|disable|restrict"
    r"|limit|charge|modify|change|refuse|cancel)\b",
    _I,
)
CUSTOMER_MAY_LEAVE: Final = re.compile(
    r"\byou\s+(?:may|can)\s+(?:\w+\s+){0,2}?(?:cancel|terminate|stop\s+using|close|delete)\b"
    r"|\bright\s+to\s+(?:cancel|terminate)\b",
    _I,
)
LIABILITY_EXCLUSION: Final = re.compile(
    r"\b(?:not|never)\s+(?:be\s+)?(?:liable|responsible)\b|\bdisclaim\w*|\bno\s+(?:liability"
    r"|responsibility)\b|\bwithout\s+liability\b",
    _I,
)
COMMITMENT: Final = re.compile(
    r"\b(?:minimum|initial|renewal|subscription|contract)\s+(?:term|period)\b", _I
)
PROHIBITIONS_CAPTION: Final = re.compile(r"restrict|prohibit|acceptable\s+use|conduct", _I)
LIABILITY_CAP: Final = re.compile(
    r"\bexceed\b|\bcap\b|\blimited\s+to\b|\bmaximum\b|\baggregate\s+liability\b"
    r"|\b(?:greater|lesser)\s+of\b",
    _I,
)
PROVIDER_TERMINATES: Final = re.compile(
    r"\b(?:we|the\s+company)\s+may\s+(?:\w+\s+){0,3}?(?:suspend|terminate)\b", _I
)

# --- what a change touches, for `flags.TOPICS` ------------------------------------------------

TOPICS: Final = {
    "fees": re.compile(
        r"\bfees?\b|\bprices?\b|\bpricing\b|\bpayments?\b|\bpayable\b|\bpaid\b|\bcharges?\b"
        r"|\bcharged\b|\bbilling\b|\bbilled\b|\brefunds?\b|\brefundable\b|\btax(?:es)?\b"
        r"|\binvoices?\b|\bsubscription\s+(?:fees?|prices?|plans?|rates?)\b|\brates?\b",
        _I,
    ),
    "termination": re.compile(
        r"\bterminat\w*|\bcancel\w*|\b(?:close|delete|deletion\s+of)\s+(?:your\s+)?account"
        r"|\bauto(?:matic(?:ally)?)?[\s-]*renew\w*|\brenewal\b|\bminimum\s+term\b",
        _I,
    ),
    "liability": re.compile(
        r"\bliab\w*|\bindemn\w*|\bwarrant\w*|\bdamages\b|\bdisclaim\w*|\bhold\s+(?:\w+\s+)?"
        r"harmless\b|\bas\s+is\b",
        _I,
    ),
    "data": re.compile(
        r"\bpersonal\s+(?:data|information)\b|\bprivacy\b|\bdata\b|\bcookies?\b"
        r"|\bconfidential\w*|\byour\s+content\b|\buser\s+content\b",
        _I,
    ),
    "service": re.compile(
        r"\bsuspen\w*|\bdiscontinu\w*|\binterrupt\w*|\bunavailab\w*|\bavailability\b"
        r"|\bmaintenance\b|\bdowntime\b|\bservice\s+levels?\b|\b(?:modify|change|upgrade)\b[^.]{0,20}"
        r"\bservices?\b|\bfeatures?\b|\bfunctionalit\w*",
        _I,
    ),
    "jurisdiction": re.compile(
        r"\bgoverning\s+law\b|\bgoverned\s+by\b|\bjurisdiction\w*|\bcourts?\b|\barbitrat\w*"
        r"|\bvenue\b|\bdispute\s+resolution\b|\blaws\s+of\b",
        _I,
    ),
}
