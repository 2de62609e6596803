"""The wording that carries a promise about notice, one named pattern per construct: the
Japanese here, the English in `wording_en`, joined at the end of this module so that every
pattern reads both (`METHODS` and `CONDITIONS` keep their Japanese labels as codes).

Every pattern runs on canonical section text (NFKC: ASCII digits and brackets, no layout spaces),
one sentence at a time unless it says otherwise. Sources: the field list in
`shared/notes/japanese-terms.md` §7 and the five seed agreements.

Limits: these are keyword patterns, not a parser. They read what a sentence says, not who it
binds when the subject is left out (Japanese often drops it), and they do not follow
cross-references (`前2項に定める場合以外`) or definitions (`以下「利用規約等」`). Negation is
recognised only in the forms listed in `NO_NOTICE`.
"""

from __future__ import annotations

import re
from typing import Final

from tracker.obligations import wording_en as en

# --- what makes a section the change clause ---------------------------------------------------

# Caption: （規約の変更）, （利用規約の変更）, （約款の変更）, （本規約等の変更）.
CHANGE_CAPTION = re.compile(r"(?:利用)?(?:規約|約款|規定)(?:等)?の(?:変更|改定)")
# Body: 本規約を随時変更することができる, 本約款を変更することがあります.
CHANGE_BODY = re.compile(
    r"(?:本規約|本約款|利用規約|本利用規約|本ガイドライン)[^。]{0,20}?"
    r"(?:変更|改定)(?:する|できる|することがあ|することができ)"
)
# 民法548条の4 itself, or its wording (一般の利益に適合 / 契約をした目的に反せず … 合理的).
STATUTORY_BASIS: Final = re.compile(
    r"548\s*条\s*の\s*4|定型約款の変更|一般の利益に適合|契約(?:を)?した目的に反せず|合理的なもの"
)

# --- what a change clause allows --------------------------------------------------------------

# 事前の通知なく, 予告なく, 通知することなく, 何らの通知、報告を要せず: notice waived.
NO_NOTICE = re.compile(
    r"(?:通知|予告|告知|催告|連絡)(?:[^。]{0,8}?を要(?:する(?:こと)?|せ))?"
    r"(?:すること|を行うこと)?(?:なく|なしに|なしで|せず|ず(?:に)?(?=[、。]))"
)
# 掲示した時点から効力, 通知の時から適用: no lead time at all, whatever else the clause says.
EFFECTIVE_ON_POSTING = re.compile(
    r"(?:掲示|掲載|通知|告知|公表|周知)(?:した|された|の)時(?:点)?(?:から|より|で|に)"
    r"(?:その)?(?:効力|適用)"
)
# 利用した場合には…同意したものとみなします, 異議がない場合…承諾したものとみなします.
DEEMED_CONSENT: Final = re.compile(
    r"(?:利用|使用)(?:を)?(?:開始|継続|し続け|した).{0,40}?(?:同意|承諾)(?:した|している)ものとみな"
    r"|異議.{0,20}?ない場合.{0,20}?(?:同意|承諾)(?:した|している)ものとみな"
)
# Only important (or adverse) changes get notice: 重要な変更, 不利益な変更, 料金の値上げ.
MATERIALITY = re.compile(
    r"重要な変更|重大な変更|特に重要|重要なもの|不利(?:益)?な(?:重要な)?(?:内容の)?変更"
    r"|料金の(?:値上げ|増額)"
)
# A way out: 承諾しない場合, 異議を申し出, 解約することができる.
OPT_OUT = re.compile(
    r"(?:承諾|同意)しない場合|異議(?:の申し?出|を申し?出)|(?:解約|解除)(?:する|することが)?でき"
)

# --- notice ---------------------------------------------------------------------------------

# Words for giving notice. 掲示/掲載/公表 count: posting is how most terms notify.
NOTICE_VERB: Final = re.compile(r"通知|告知|周知|掲示|掲載|お知らせ|公表|連絡")
# The notice verb as something done (通知します, 告知するものとし, 通知又は周知する), not a noun
# in passing (当該告知が行なわれた後に, 通知された新たな内容, 連絡先).
NOTICE_GIVEN = re.compile(
    r"(?:通知|告知|周知|掲示|掲載|お知らせ|公表|連絡)"
    r"(?:(?:又は|若しくは|もしくは|あるいは|・)(?:通知|告知|周知|掲示|掲載|公表))?"
    r"(?:する|し[、ま]|いた[しす]|を(?:行|お送り))"
)
# Prior notice without a number of days: 事前に通知, あらかじめ掲示.
PRIOR = re.compile(r"事前|あらかじめ|予め|前もって")
# The notice goes to the provider (当社に対し…通知): the customer's duty, not a promise to them.
TO_PROVIDER = re.compile(r"(?:当社|ソラコム|弊社)(?:に対し(?:て)?|へ|宛)")
# The notice goes to the customer (契約者に対し…通知).
TO_CUSTOMER = re.compile(
    r"(?:契約者|利用者|ユーザー|お客様|お客さま|会員|申込者)(?:等)?(?:に対し(?:て)?|へ|に)"
)

# How notice is given: label → wording. The labels are what `NoticeObligation.methods` holds.
METHODS = {
    "書面": re.compile(r"書面|郵送|文書"),  # in writing, by post
    "電子メール": re.compile(r"電子メール|メール|E-?mail", re.IGNORECASE),
    "ウェブサイト掲示": re.compile(  # posted on the website
        r"(?:ウェブ|Web|WEB|ホーム)\s?(?:サイト|ページ)|サイト(?:上|への|に)|掲示|掲載"
    ),
    "サービス上の表示": re.compile(r"本サービス上|アプリ内|管理画面|コンソール"),  # in the product
    "個別通知": re.compile(r"個別に通知|個別の通知"),  # to each customer
    "当社が定める方法": re.compile(  # a method the provider chooses later: no method at all
        r"(?:当社|ソラコム|弊社)?(?:が|の)?(?:別途)?(?:定める|定めた|所定の|指定する)方法"
    ),
    "その他の方法": re.compile(r"その他(?:の|適切な|相当の)方法"),  # 書面その他の方法
}

# English for the methods that name a medium, for finding messages ("written notice").
METHOD_ADJECTIVES: Final = {
    "書面": "written",
    "電子メール": "email",
    "ウェブサイト掲示": "website",
    "個別通知": "individual",
}

# What limits a promise: label → wording. The labels are what `NoticeObligation.conditions` holds.
CONDITIONS = {
    "重要な変更": MATERIALITY,  # only for important changes
    "基本サービス": re.compile(r"基本サービス"),  # only for the basic service (seed 003 第8条第2項)
    "オプションサービス": re.compile(r"オプションサービス"),  # only for options (第8条第3項)
    "緊急時を除く": re.compile(r"緊急[^。]{0,12}?この限りで(?:は)?(?:な|あ)"),  # unless urgent
}

# What a lead time counts back from, written right before it: 効力発生日の14日前, 解除日の3か月前.
ANCHOR_DAY: Final = re.compile(
    r"(効力発生日|適用開始日|変更日|改定日|施行日|実施日|解除日|解約日|終了日|廃止日)の?$"
)
# … or the event itself: 変更又は終了する3か月前.
ANCHOR_EVENT: Final = re.compile(
    r"((?:変更|終了|廃止|解約|解除|停止|中止|改定)(?:(?:又は|もしくは|若しくは|・)"
    r"(?:変更|終了|廃止|解約|解除|停止|中止|改定))*)(?:する|の)?(?:日)?の?$"
)

# What a notice is about: the first kind whose wording the sentence (else its paragraph) has.
NOTICE_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("change-clause", CHANGE_BODY),
    ("termination", re.compile(r"解約|解除")),
    ("suspension", re.compile(r"停止|中止|中断|休止|制限")),
    ("service-change", re.compile(r"変更|終了|廃止")),
)

# --- obligations of the customer, for 548条の4 -------------------------------------------------

# The customer as the subject of a sentence.
CUSTOMER_SUBJECT = re.compile(
    r"(?:契約者|利用者|ユーザー|お客様|お客さま|会員|申込者)(?:等)?(?:は|が)"
)
# A duty or a prohibition: しなければならない, してはならない, 行わないものとします.
DUTY = re.compile(
    r"しなければな(?:らない|りません)|してはな(?:らない|りません)|ならないものと"
    r"|行わないものと|しないものと|禁止|義務を負|ことはできません|ことができないものと"
)
# The provider gains a power over the customer: 当社は…停止することができます, …提出を求めること
# ができる. New in a version, it is a new burden even though the customer is not the subject.
PROVIDER_POWER: Final = re.compile(
    r"(?:当社|ソラコム|弊社)(?:は|が)[^。]*?"
    r"(?P<what>停止|中止|中断|解除|解約|削除|消去|求め|請求|変更)(?:する)?ことができ"
)
# The customer may leave: 契約者は…解約することができます.
CUSTOMER_MAY_LEAVE = re.compile(r"(?:解約|解除)(?:する)?ことができ")
# The provider excludes its liability: 責任を負いません, 免責されます.
LIABILITY_EXCLUSION = re.compile(
    r"責任を負(?:いません|わない)|免責(?:され|とする|します)|賠償(?:しない|しません)"
)
# Minimum term or contract period: a longer one keeps the customer in.
COMMITMENT = re.compile(r"最低利用期間|契約期間|更新期間")
# Captions of a list of prohibitions (禁止事項, 禁止行為) whose new items are new obligations.
PROHIBITIONS_CAPTION = re.compile(r"禁止")


# --- the same constructs in English (`wording_en`) ---------------------------------------------


def either(japanese: re.Pattern[str], english: re.Pattern[str]) -> re.Pattern[str]:
    """One pattern for both languages: the Japanese as it was, the English (case-insensitive
    within its own group) as another alternative."""
    return re.compile(f"(?:{japanese.pattern})|(?i:{english.pattern})", japanese.flags)


CHANGE_CAPTION = either(CHANGE_CAPTION, en.CHANGE_CAPTION)
CHANGE_BODY = either(CHANGE_BODY, en.CHANGE_BODY)
NO_NOTICE = either(NO_NOTICE, en.NO_NOTICE)
EFFECTIVE_ON_POSTING = either(EFFECTIVE_ON_POSTING, en.EFFECTIVE_ON_POSTING)
MATERIALITY = either(MATERIALITY, en.MATERIALITY)
OPT_OUT = either(OPT_OUT, en.OPT_OUT)
NOTICE_GIVEN = either(NOTICE_GIVEN, en.NOTICE_GIVEN)
PRIOR = either(PRIOR, en.PRIOR)
TO_PROVIDER = either(TO_PROVIDER, en.TO_PROVIDER)
TO_CUSTOMER = either(TO_CUSTOMER, en.TO_CUSTOMER)
METHODS = {
    label: either(pattern, en.METHODS[label]) if label in en.METHODS else pattern
    for label, pattern in METHODS.items()
}
CONDITIONS = {
    label: either(pattern, en.CONDITIONS[label]) if label in en.CONDITIONS else pattern
    for label, pattern in CONDITIONS.items()
}
NOTICE_KINDS = tuple(
    (kind, either(pattern, dict(en.NOTICE_KINDS)[kind])) for kind, pattern in NOTICE_KINDS
)
CUSTOMER_SUBJECT = either(CUSTOMER_SUBJECT, en.CUSTOMER_SUBJECT)
DUTY = either(DUTY, en.DUTY)
CUSTOMER_MAY_LEAVE = either(CUSTOMER_MAY_LEAVE, en.CUSTOMER_MAY_LEAVE)
LIABILITY_EXCLUSION = either(LIABILITY_EXCLUSION, en.LIABILITY_EXCLUSION)
COMMITMENT = either(COMMITMENT, en.COMMITMENT)
PROHIBITIONS_CAPTION = either(PROHIBITIONS_CAPTION, en.PROHIBITIONS_CAPTION)
# Each language on its own: the Japanese is matched on whitespace-free text (DEEMED_CONSENT),
# has a named group of its own (PROVIDER_POWER), or reads the words before a lead time (ANCHOR_*).
DEEMED_CONSENT_EN = en.DEEMED_CONSENT
PROVIDER_POWER_EN = en.PROVIDER_POWER
ANCHOR_EN = en.ANCHOR
LIABILITY_CAP_EN = en.LIABILITY_CAP
PROVIDER_TERMINATES_EN = en.PROVIDER_TERMINATES
