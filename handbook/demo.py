"""Demo content of the handbook and the standards library, written for this project: a
handbook organised around the four NRM pillars and three guidance documents, one of them in
two versions. Bulgarian and English share one structure, so each piece of text is written
as a (Bulgarian, English) pair."""

import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from .docx_samples import chapter_sample, handbook_sample, standard_sample
from .editions import PdfEdition, render_pdf_edition
from .models import ChapterPage, GuidanceDocumentPage, HandbookPage, StandardsIndexPage

# Days of the calendar, not relative to the day the demo is made (see portal/demo_fixture).
FIXED_DATES = ["handbook.GuidanceDocumentPage.in_force_from"]


def _p(text):
    return f"<p>{text}</p>"


def _body(spec, lang):
    """A chapter body in language `lang` (0 = bg, 1 = en) from a bilingual spec."""
    body = []
    for kind, *args in spec:
        if kind == "h":
            level, anchor, text = args
            body.append(("heading", {"level": level, "text": text[lang], "anchor": anchor}))
        elif kind == "p":
            body.append(("paragraph", _p(args[0][lang])))
        elif kind == "list":
            items = "".join(f"<li>{item[lang]}</li>" for item in args[0])
            body.append(("paragraph", f"<ul>{items}</ul>"))
        elif kind == "callout":
            callout, title, text = args
            body.append(
                ("callout", {"kind": callout, "title": title[lang], "body": _p(text[lang])})
            )
        elif kind == "quote":
            quote, source = args
            body.append(("quote", {"quote": quote[lang], "source": source[lang]}))
        elif kind == "note":
            body.append(("footnote", {"text": _p(args[0][lang])}))
        elif kind == "table":
            caption, header, rows = args
            body.append(
                (
                    "table",
                    {
                        "caption": caption[lang],
                        "header": [cell[lang] for cell in header],
                        "rows": [{"cells": [cell[lang] for cell in row]} for row in rows],
                    },
                )
            )
    return body


def _clause(item, lang, depth=1):
    anchor, heading, text, *rest = item
    value = {"anchor": anchor, "heading": heading[lang], "text": _p(text[lang])}
    if depth < 3:
        value["subclauses"] = [
            _clause(child, lang, depth + 1) for child in (rest[0] if rest else [])
        ]
    return value


def _clauses(spec, lang):
    return [("clause", _clause(item, lang)) for item in spec]


NO_HEADING = ("", "")

CHAPTERS = [
    {
        "slug": ("vavedenie", "introduction"),
        "title": (
            "Въведение: какво е националният механизъм за насочване",
            "Introduction: what a national referral mechanism is",
        ),
        "summary": (
            "Целта на механизма, принципите, на които стъпва, и институциите, които участват в него.",
            "The purpose of the mechanism, the principles it rests on and the institutions that take part in it.",
        ),
        "body": [
            (
                "h",
                "2",
                "ch1-purpose",
                ("Защо е нужен механизъм за насочване", "Why a referral mechanism is needed"),
            ),
            (
                "p",
                (
                    "Пострадалите от трафик рядко търсят помощ сами. Те се срещат с полицай на границата, с лекар в спешно отделение, със социален работник или с учител, и от първия разговор зависи дали ще получат закрила. Механизмът за насочване превръща тези случайни срещи в ясен път: кой разпознава признаците, на кого съобщава и кой поема грижата.",
                    "Trafficked persons rarely seek help on their own. They meet a police officer at the border, a doctor in an emergency ward, a social worker or a teacher, and whether they are protected depends on that first conversation. The referral mechanism turns these chance encounters into a clear path: who recognises the signs, whom they tell and who takes over the care.",
                ),
            ),
            (
                "p",
                (
                    "Механизмът не е отделна институция. Той е споразумение за сътрудничество между държавните органи и неправителствените организации, което разпределя отговорностите и определя сроковете, така че никой пострадал да не остане между две служби.",
                    "The mechanism is not a separate institution. It is an agreement on co-operation between state bodies and non-governmental organisations that divides responsibilities and sets time limits, so that no survivor falls between two services.",
                ),
            ),
            (
                "note",
                (
                    "Закон за борба с трафика на хора, обн. ДВ, бр. 46 от 2003 г., и Националният механизъм за насочване и подпомагане на жертви на трафик, приет от Националната комисия през 2010 г. и актуализиран през 2016 г.",
                    "Combating Trafficking in Human Beings Act, State Gazette No. 46 of 2003, and the National Mechanism for Referral and Support of Trafficked Persons, adopted by the National Commission in 2010 and updated in 2016.",
                ),
            ),
            ("h", "2", "ch1-principles", ("Принципи", "Principles")),
            (
                "list",
                [
                    (
                        "Правата на човека на първо място: закрилата не зависи от съдействието с разследването.",
                        "Human rights first: protection does not depend on co-operation with the investigation.",
                    ),
                    (
                        "Информирано съгласие: всяка стъпка се обяснява и се предприема със съгласието на лицето.",
                        "Informed consent: every step is explained and taken with the person's consent.",
                    ),
                    (
                        "Висшият интерес на детето, когато пострадалият е дете.",
                        "The best interests of the child, when the survivor is a child.",
                    ),
                    (
                        "Поверителност и защита на личните данни.",
                        "Confidentiality and protection of personal data.",
                    ),
                ],
            ),
            (
                "callout",
                "key_point",
                ("Основно правило", "The basic rule"),
                (
                    "Никой специалист не решава сам. Всеки сигнал се документира и се предава по установения ред, а пострадалият знае кой е следващият човек, с когото ще говори.",
                    "No professional decides alone. Every signal is recorded and passed on in the agreed way, and the survivor knows who the next person they will talk to is.",
                ),
            ),
            ("h", "2", "ch1-actors", ("Участници", "Who takes part")),
            (
                "table",
                ("Основни участници и техните роли", "Main participants and their roles"),
                [("Участник", "Participant"), ("Роля в механизма", "Role in the mechanism")],
                [
                    [
                        (
                            "Национална комисия за борба с трафика на хора",
                            "National Commission for Combating Trafficking in Human Beings",
                        ),
                        (
                            "Координация, мониторинг, обучение",
                            "Co-ordination, monitoring, training",
                        ),
                    ],
                    [
                        ("МВР и Гранична полиция", "Ministry of the Interior and Border Police"),
                        (
                            "Идентификация, безопасност, разследване",
                            "Identification, safety, investigation",
                        ),
                    ],
                    [
                        ("Агенция за социално подпомагане", "Social Assistance Agency"),
                        (
                            "Оценка на нуждите, закрила на деца",
                            "Needs assessment, child protection",
                        ),
                    ],
                    [
                        ("Неправителствени организации", "Non-governmental organisations"),
                        (
                            "Подслон, консултиране, придружаване",
                            "Shelter, counselling, accompaniment",
                        ),
                    ],
                ],
            ),
        ],
    },
    {
        "slug": ("identifikacia-i-zakrila", "identification-and-protection"),
        "title": ("Идентифициране и закрила", "Identification and protection"),
        "summary": (
            "Как се разпознават пострадалите, какво се случва в първите часове и как се гарантира безопасността им.",
            "How survivors are recognised, what happens in the first hours and how their safety is ensured.",
        ),
        "body": [
            ("h", "2", "ch2-indicators", ("Индикатори за трафик", "Indicators of trafficking")),
            (
                "p",
                (
                    "Идентифицирането започва с внимание към признаците: отнети документи, дълг към работодател или посредник, ограничена свобода на движение, несъответствие между обещаната и действителната работа, страх да се говори в присъствието на друг човек.",
                    "Identification starts with attention to the signs: confiscated documents, a debt to an employer or intermediary, restricted freedom of movement, a gap between the work promised and the work done, fear of speaking in front of someone else.",
                ),
            ),
            (
                "table",
                (
                    "Примерни индикатори по форми на експлоатация",
                    "Example indicators by form of exploitation",
                ),
                [("Форма", "Form"), ("Индикатори", "Indicators")],
                [
                    [
                        ("Сексуална експлоатация", "Sexual exploitation"),
                        (
                            "Живее на мястото на „работа“, не разполага с доходите си",
                            "Lives where they “work”, has no control over their earnings",
                        ),
                    ],
                    [
                        ("Трудова експлоатация", "Labour exploitation"),
                        (
                            "Удръжки за жилище и транспорт, дълг, който расте",
                            "Deductions for housing and transport, a debt that keeps growing",
                        ),
                    ],
                    [
                        ("Принудителна просия", "Forced begging"),
                        (
                            "Дете или възрастен, наблюдавани отстрани, предават парите",
                            "A child or adult watched from nearby, handing the money over",
                        ),
                    ],
                ],
            ),
            (
                "callout",
                "checklist",
                ("При първия контакт", "At first contact"),
                (
                    "Осигурете безопасно място и преводач, на когото лицето има доверие; обяснете кой сте; не обещавайте неща, които не зависят от вас; запишете сигнала и уведомете координатора на механизма в рамките на 24 часа.",
                    "Provide a safe place and an interpreter the person trusts; explain who you are; do not promise what is not in your hands; record the signal and notify the mechanism's co-ordinator within 24 hours.",
                ),
            ),
            (
                "h",
                "2",
                "ch2-reflection",
                ("Период за възстановяване и размисъл", "Recovery and reflection period"),
            ),
            (
                "p",
                (
                    "Пострадалите граждани на трета държава имат право на период за възстановяване и размисъл, през който не могат да бъдат експулсирани и решават дали да сътрудничат на разследването. Периодът се предоставя и на български граждани по отношение на подкрепата и подслона.",
                    "Survivors who are third-country nationals are entitled to a recovery and reflection period during which they cannot be expelled and decide whether to co-operate with the investigation. Bulgarian citizens are offered the same period as regards support and shelter.",
                ),
            ),
            (
                "note",
                (
                    "Чл. 26 от Закона за борба с трафика на хора и чл. 13 от Конвенцията на Съвета на Европа за борба с трафика на хора (Варшава, 2005 г.).",
                    "Art. 26 of the Combating Trafficking in Human Beings Act and Art. 13 of the Council of Europe Convention on Action against Trafficking in Human Beings (Warsaw, 2005).",
                ),
            ),
            ("h", "3", "ch2-risk", ("Оценка на риска", "Risk assessment")),
            (
                "p",
                (
                    "Преди всяко преместване се прави оценка на риска: дали трафикантите знаят къде е лицето, има ли заплахи към семейството му, нужна ли е полицейска охрана. Оценката се преразглежда при всяка промяна.",
                    "Before any move a risk assessment is made: whether the traffickers know where the person is, whether their family is threatened, whether police protection is needed. The assessment is reviewed whenever something changes.",
                ),
            ),
            (
                "quote",
                (
                    "Първият въпрос не е „какво се случи“, а „безопасно ли е тук“. Едва след това има смисъл да се говори за останалото.",
                    "The first question is not “what happened” but “is it safe here”. Only after that does it make sense to talk about the rest.",
                ),
                (
                    "социална работничка, кризисен център, Варна",
                    "social worker, crisis centre, Varna",
                ),
            ),
        ],
    },
    {
        "slug": ("individualna-podkrepa", "individual-support"),
        "title": (
            "Индивидуална подкрепа и достъп до услуги",
            "Individual support and access to services",
        ),
        "summary": (
            "Индивидуалният план за подкрепа, подслонът, здравните грижи и правната помощ.",
            "The individual support plan, shelter, health care and legal aid.",
        ),
        "body": [
            ("h", "2", "ch3-plan", ("Индивидуален план за подкрепа", "Individual support plan")),
            (
                "p",
                (
                    "Планът се изготвя заедно с пострадалия в рамките на 14 дни от насочването. Той описва целите, услугите, отговорните организации и сроковете и се преглежда поне веднъж месечно.",
                    "The plan is drawn up together with the survivor within 14 days of referral. It sets out the goals, the services, the organisations responsible and the time limits, and is reviewed at least once a month.",
                ),
            ),
            (
                "callout",
                "good_practice",
                ("Добра практика: един водещ специалист", "Good practice: one lead professional"),
                (
                    "В Бургас всеки пострадал има един водещ социален работник, който координира всички услуги. Хората не разказват историята си отново пред всяка институция.",
                    "In Burgas every survivor has one lead social worker who co-ordinates all services. People do not have to tell their story again to each institution.",
                ),
            ),
            ("h", "2", "ch3-shelter", ("Подслон", "Shelter")),
            (
                "p",
                (
                    "Кризисните центрове и приютите за временно настаняване предлагат безопасно жилище, храна и психологическа подкрепа. Децата се настаняват отделно от възрастните, в услуги, лицензирани за работа с деца.",
                    "Crisis centres and temporary shelters offer safe housing, food and psychological support. Children are accommodated separately from adults, in services licensed to work with children.",
                ),
            ),
            ("h", "2", "ch3-health", ("Здравни грижи", "Health care")),
            (
                "p",
                (
                    "Пострадалите имат достъп до спешна и необходима медицинска помощ независимо от здравноосигурителния си статус. Прегледите се извършват с информирано съгласие, а при възможност от лекар от същия пол.",
                    "Survivors have access to emergency and necessary medical care whatever their health-insurance status. Examinations take place with informed consent and, where possible, by a doctor of the same sex.",
                ),
            ),
            (
                "note",
                (
                    "Закон за здравето, чл. 82, и Наредба № 9 от 2019 г. за определяне на пакета от здравни дейности, гарантиран от бюджета на НЗОК.",
                    "Health Act, Art. 82, and Ordinance No. 9 of 2019 on the package of health services guaranteed by the National Health Insurance Fund.",
                ),
            ),
            ("h", "3", "ch3-legal", ("Правна помощ", "Legal aid")),
            (
                "p",
                (
                    "Пострадалите получават безплатна правна консултация и процесуално представителство чрез Националното бюро за правна помощ.",
                    "Survivors receive free legal advice and representation in proceedings through the National Legal Aid Bureau.",
                ),
            ),
        ],
    },
    {
        "slug": ("socialno-vklyuchvane", "social-inclusion"),
        "title": ("Социално включване", "Social inclusion"),
        "summary": (
            "Образование, заетост, дългосрочно жилище и завръщане в общността.",
            "Education, employment, long-term housing and return to the community.",
        ),
        "body": [
            ("h", "2", "ch4-work", ("Образование и заетост", "Education and employment")),
            (
                "p",
                (
                    "Устойчивото възстановяване зависи от собствения доход. Бюрата по труда включват пострадалите в програми за квалификация и субсидирана заетост, а неправителствените организации ги подготвят за интервю и ги придружават в първите седмици на работа.",
                    "Lasting recovery depends on having one's own income. Labour offices include survivors in training and subsidised employment programmes, and non-governmental organisations prepare them for interviews and accompany them in the first weeks at work.",
                ),
            ),
            ("h", "2", "ch4-housing", ("Дългосрочно жилище", "Long-term housing")),
            (
                "p",
                (
                    "След кризисния център следва преходно жилище или социално жилище от общината. Преходът се планира поне месец предварително, за да не остане лицето без подслон.",
                    "After the crisis centre comes transitional housing or municipal social housing. The move is planned at least a month in advance so that the person is never left without a roof.",
                ),
            ),
            ("h", "2", "ch4-return", ("Завръщане и реинтеграция", "Return and reintegration")),
            (
                "p",
                (
                    "Когато пострадалият се завръща в България от чужбина, посрещането се подготвя предварително: среща на летището, временно настаняване и връзка със социалната служба по местоживеене.",
                    "When a survivor returns to Bulgaria from abroad, the reception is prepared in advance: a meeting at the airport, temporary accommodation and contact with the social service where they live.",
                ),
            ),
            (
                "callout",
                "key_point",
                ("Не е доброволно без избор", "Not voluntary without a choice"),
                (
                    "Завръщането е доброволно само когато лицето познава и другите възможности, включително оставане в държавата, в която се намира.",
                    "Return is voluntary only when the person knows the alternatives too, including staying in the country where they are.",
                ),
            ),
        ],
    },
    {
        "slug": ("nakazatelno-pravosadie", "criminal-justice-and-redress"),
        "title": ("Наказателно правосъдие и обезщетение", "Criminal justice and redress"),
        "summary": (
            "Пострадалият като свидетел, ненаказване за принудени действия и обезщетение.",
            "The survivor as a witness, non-punishment for compelled acts, and compensation.",
        ),
        "body": [
            ("h", "2", "ch5-witness", ("Пострадалият като свидетел", "The survivor as a witness")),
            (
                "p",
                (
                    "Разпитът се провежда веднъж, когато е възможно, в специализирано помещение и със записване, за да не се налага пострадалият да повтаря показанията си. Децата се разпитват в „синя стая“ в присъствието на психолог.",
                    "The interview is held once where possible, in a specialised room and recorded, so that the survivor does not have to repeat their testimony. Children are interviewed in a “blue room” in the presence of a psychologist.",
                ),
            ),
            ("h", "2", "ch5-non-punishment", ("Ненаказване", "Non-punishment")),
            (
                "p",
                (
                    "Пострадалите не се наказват за нарушения, които са били принудени да извършат, например използване на фалшив документ или незаконно пребиваване. Прокурорът преценява това още в началото на производството.",
                    "Survivors are not punished for offences they were compelled to commit, such as using a false document or staying unlawfully. The prosecutor considers this at the very start of the proceedings.",
                ),
            ),
            (
                "note",
                (
                    "Чл. 26 от Конвенцията на Съвета на Европа за борба с трафика на хора и чл. 8 от Директива 2011/36/ЕС.",
                    "Art. 26 of the Council of Europe Convention on Action against Trafficking in Human Beings and Art. 8 of Directive 2011/36/EU.",
                ),
            ),
            ("h", "2", "ch5-compensation", ("Обезщетение", "Compensation")),
            (
                "p",
                (
                    "Пострадалите могат да предявят граждански иск в наказателния процес и да поискат финансова компенсация от държавата по Закона за подпомагане и финансова компенсация на пострадали от престъпления.",
                    "Survivors can bring a civil claim in the criminal proceedings and apply for financial compensation from the state under the Crime Victims Assistance and Financial Compensation Act.",
                ),
            ),
        ],
    },
]

# Only in Bulgarian so far: shows how a chapter without a translation is offered to English readers.
UNTRANSLATED_CHAPTER = {  # published in Bulgarian only; the English is offered as a .docx
    "slug": "monitoring-i-ocenka",
    "title": "Мониторинг и оценка на механизма",
    "english_title": "Monitoring and evaluation of the mechanism",
    "summary": "Как Националната комисия събира данни и оценява работата на механизма.",
    "body": [
        ("h", "2", "ch6-data", ("Данни за случаите", "Case data")),
        (
            "p",
            (
                "Всяка организация в механизма води обезличен регистър на насочените случаи. Веднъж годишно секретариатът на Националната комисия обобщава данните и публикува доклад за броя, профила и пътя на пострадалите през услугите.",
                "Every organisation in the mechanism keeps an anonymised register of the cases referred. Once a year the secretariat of the National Commission compiles the data and publishes a report on the number and profile of survivors and their path through the services.",
            ),
        ),
        ("h", "2", "ch6-review", ("Годишен преглед", "Annual review")),
        (
            "p",
            (
                "На годишната среща участниците обсъждат случаите, при които насочването е закъсняло или е прекъснато, и предлагат промени в стандартите и правилата.",
                "At the annual meeting the participants discuss the cases in which referral was late or broken off, and propose changes to the standards and regulations.",
            ),
        ),
    ],
}

# Clauses: (anchor, heading, text, [children]); anchors stay the same from version to version.
_STANDARD_SCOPE = (
    "std-scope",
    ("Обхват", "Scope"),
    (
        "Стандартът се прилага от всички доставчици на социални услуги, които работят с пострадали от трафик на хора, независимо дали са държавни, общински или частни.",
        "The standard applies to every provider of social services working with trafficked persons, whether state, municipal or private.",
    ),
    [
        (
            "std-scope-children",
            NO_HEADING,
            (
                "Когато пострадалият е дете, стандартът се прилага заедно със Закона за закрила на детето.",
                "When the survivor is a child, the standard applies together with the Child Protection Act.",
            ),
        ),
    ],
)
_STANDARD_ASSESSMENT_V1 = (
    "std-assessment",
    ("Първоначална оценка", "Initial assessment"),
    (
        "Доставчикът извършва първоначална оценка на нуждите в рамките на 7 дни от насочването.",
        "The provider carries out an initial needs assessment within 7 days of referral.",
    ),
    [
        (
            "std-assessment-consent",
            NO_HEADING,
            (
                "Оценката се извършва с информираното съгласие на пострадалия, на език, който той разбира.",
                "The assessment is carried out with the survivor's informed consent, in a language they understand.",
            ),
        ),
        (
            "std-assessment-record",
            NO_HEADING,
            (
                "Резултатите се записват на хартиен формуляр, който се съхранява в личното дело.",
                "The results are recorded on a paper form kept in the personal file.",
            ),
        ),
    ],
)
_STANDARD_ASSESSMENT_V2 = (
    "std-assessment",
    ("Първоначална оценка", "Initial assessment"),
    (
        "Доставчикът извършва първоначална оценка на нуждите в рамките на 72 часа от насочването.",
        "The provider carries out an initial needs assessment within 72 hours of referral.",
    ),
    [
        (
            "std-assessment-consent",
            NO_HEADING,
            (
                "Оценката се извършва с информираното съгласие на пострадалия, на език, който той разбира, и при нужда с преводач, на когото той има доверие.",
                "The assessment is carried out with the survivor's informed consent, in a language they understand and, where needed, with an interpreter they trust.",
            ),
        ),
        (
            "std-assessment-trauma",
            NO_HEADING,
            (
                "Оценката се води по начин, съобразен с травмата: без натиск за подробности, които не са нужни за подкрепата.",
                "The assessment is conducted in a trauma-informed way: without pressing for details that the support does not need.",
            ),
        ),
    ],
)
_STANDARD_PLAN = (
    "std-plan",
    ("Индивидуален план", "Individual plan"),
    (
        "Въз основа на оценката доставчикът изготвя заедно с пострадалия индивидуален план за подкрепа.",
        "On the basis of the assessment the provider draws up an individual support plan together with the survivor.",
    ),
    [
        (
            "std-plan-content",
            NO_HEADING,
            (
                "Планът съдържа цели, услуги, отговорни лица и срокове.",
                "The plan contains goals, services, responsible persons and time limits.",
            ),
            [
                (
                    "std-plan-review",
                    NO_HEADING,
                    (
                        "Планът се преглежда поне веднъж месечно и при всяка съществена промяна.",
                        "The plan is reviewed at least once a month and whenever something important changes.",
                    ),
                ),
            ],
        ),
    ],
)
_STANDARD_STAFF = (
    "std-staff",
    ("Персонал", "Staff"),
    (
        "Специалистите, които работят с пострадали, преминават въвеждащо обучение и поне 16 часа продължаващо обучение годишно.",
        "Professionals working with survivors complete induction training and at least 16 hours of continuing training a year.",
    ),
)
_STANDARD_DATA = (
    "std-data",
    ("Лични данни", "Personal data"),
    (
        "Личните данни на пострадалите се обработват само за целите на подкрепата и се споделят с други организации единствено с тяхно съгласие или по закон.",
        "Survivors' personal data are processed only for the purposes of support and shared with other organisations only with their consent or as the law requires.",
    ),
)

STANDARD_V1 = [_STANDARD_SCOPE, _STANDARD_ASSESSMENT_V1, _STANDARD_PLAN, _STANDARD_STAFF]
STANDARD_V2 = [
    _STANDARD_SCOPE,
    _STANDARD_ASSESSMENT_V2,
    _STANDARD_PLAN,
    _STANDARD_STAFF,
    _STANDARD_DATA,
]

REGULATION = [
    (
        "reg-signal",
        ("Подаване на сигнал", "Reporting a signal"),
        (
            "Всеки специалист, който има основание да смята, че лице е пострадало от трафик, уведомява координатора на механизма в областта.",
            "Any professional with grounds to believe that a person has been trafficked notifies the mechanism's regional co-ordinator.",
        ),
        [
            (
                "reg-signal-time",
                NO_HEADING,
                (
                    "Уведомяването става в рамките на 24 часа, а при непосредствена опасност незабавно и на телефон 112.",
                    "Notification is made within 24 hours and, when there is immediate danger, at once and on 112.",
                ),
            ),
            (
                "reg-signal-form",
                NO_HEADING,
                (
                    "Сигналът съдържа само данните, необходими за насочването; подробният разказ на пострадалия не се изисква.",
                    "The signal contains only the data needed for referral; the survivor's detailed account is not required.",
                ),
            ),
        ],
    ),
    (
        "reg-referral",
        ("Насочване", "Referral"),
        (
            "Координаторът насочва лицето към подходяща услуга в рамките на 48 часа от сигнала.",
            "The co-ordinator refers the person to a suitable service within 48 hours of the signal.",
        ),
        [
            (
                "reg-referral-child",
                ("Деца", "Children"),
                (
                    "Когато лицето е дете, координаторът уведомява незабавно отдела за закрила на детето.",
                    "When the person is a child, the co-ordinator notifies the child protection department at once.",
                ),
                [
                    (
                        "reg-referral-child-guardian",
                        NO_HEADING,
                        (
                            "Непридружено дете получава временен представител преди първия разпит.",
                            "An unaccompanied child is given a temporary representative before the first interview.",
                        ),
                    ),
                ],
            ),
            (
                "reg-referral-foreign",
                ("Чужди граждани", "Foreign nationals"),
                (
                    "Гражданите на трета държава се информират за правото си на период за възстановяване и размисъл.",
                    "Third-country nationals are informed of their right to a recovery and reflection period.",
                ),
            ),
        ],
    ),
    (
        "reg-transfer",
        ("Предаване на случая", "Handing over a case"),
        (
            "При смяна на услугата предаващата и приемащата организация провеждат съвместна среща с пострадалия.",
            "When the service changes, the handing-over and receiving organisations hold a joint meeting with the survivor.",
        ),
    ),
]

GUIDELINE = [
    (
        "gl-first-contact",
        ("Първа среща", "First meeting"),
        (
            "Първата среща се провежда на място, което пострадалият смята за безопасно, без присъствието на лица, които могат да бъдат свързани с експлоататорите.",
            "The first meeting takes place somewhere the survivor considers safe, without anyone present who may be connected with the exploiters.",
        ),
        [
            (
                "gl-first-contact-interpreter",
                NO_HEADING,
                (
                    "Не се използват роднини или съграждани на пострадалия като преводачи.",
                    "Relatives or people from the survivor's community are not used as interpreters.",
                ),
            ),
        ],
    ),
    (
        "gl-documentation",
        ("Документиране", "Record keeping"),
        (
            "Записвайте фактите и договореностите, не оценки за достоверността на разказа.",
            "Record facts and agreements, not judgements about whether the account is credible.",
        ),
    ),
    (
        "gl-self-care",
        ("Грижа за екипа", "Caring for the team"),
        (
            "Организацията осигурява супервизия поне веднъж месечно на специалистите, които работят пряко с пострадали.",
            "The organisation provides supervision at least once a month for professionals who work directly with survivors.",
        ),
    ),
]


def _bilingual(fields: dict, lang: int) -> dict:
    return {name: value[lang] for name, value in fields.items()}


def build(ctx):
    book = _handbook(ctx)
    _standards(ctx, book)
    _word_samples(ctx)


def loaded(ctx, fixture):
    """The demo fixture holds the PDF editions its build rendered, which link to the
    build's public address. They stand where editions are rendered on publication at that
    same address; elsewhere they go, and are queued for rendering if editions are on."""
    if settings.PDF_EDITIONS_ON_PUBLISH and fixture.public_base_url == settings.PUBLIC_BASE_URL:
        return
    pages = list(PdfEdition.objects.values_list("page_id", flat=True))
    PdfEdition.objects.all().delete()
    if settings.PDF_EDITIONS_ON_PUBLISH:
        requested_at = timezone.now().isoformat()
        for page_id in pages:
            render_pdf_edition.enqueue(page_id, requested_at)


def _word_samples(ctx):
    """Small Word files, made in code, for an editor to try "Import from Word" at once
    (Documents in the admin; upload one on the handbook or the standards library, and the
    English chapter with "Import English translation from Word" on the Bulgarian chapter
    that has no English version yet)."""
    Document = get_document_model()
    for title, name, data in word_samples():
        if not Document.objects.filter(title=title).exists():
            Document.objects.create(title=title, file=ContentFile(data, name=name))
            ctx.log(f"document {name}")


def word_samples() -> list[tuple[str, str, bytes]]:
    """(document title, file name, .docx) of each sample."""
    return [
        (
            "Word import sample: handbook chapters (bg)",
            "handbook-sample-bg.docx",
            handbook_sample(0),
        ),
        ("Word import sample: standard (bg)", "standard-sample-bg.docx", standard_sample(0)),
        (
            "Word import sample: English translation of the chapter "
            f"“{UNTRANSLATED_CHAPTER['title']}”",
            "chapter-translation-sample-en.docx",
            chapter_sample(
                UNTRANSLATED_CHAPTER["english_title"], _body(UNTRANSLATED_CHAPTER["body"], 1)
            ),
        ),
    ]


def _handbook(ctx):
    book = ctx.page(
        ctx.bg_home,
        HandbookPage,
        "narachnik",
        bg={
            "title": "Национални механизми за насочване: практически наръчник",
            "show_in_menus": True,
            "edition": "Второ издание, превод на български език",
            "original_title": "National Referral Mechanisms: Joining Efforts to Protect the Rights of Trafficked Persons. A Practical Handbook",
            "original_publisher": "Служба за демократични институции и права на човека на ОССЕ (ОССЕ/СДИПЧ)",
            "translators": "Секретариат на Националната комисия за борба с трафика на хора",
            "licence": "Преводът е публикуван с разрешение на издателя. Съдържанието може да се цитира с посочване на източника.",
            "summary": "Наръчникът обяснява как държавните институции и гражданските организации работят заедно, за да идентифицират, защитят и подкрепят пострадалите от трафик на хора. Главите следват четирите стълба на механизма.",
        },
        en={
            "title": "National Referral Mechanisms: a practical handbook",
            "slug": "handbook",
            "edition": "Second edition, Bulgarian translation",
            "original_title": "National Referral Mechanisms: Joining Efforts to Protect the Rights of Trafficked Persons. A Practical Handbook",
            "original_publisher": "OSCE Office for Democratic Institutions and Human Rights (OSCE/ODIHR)",
            "translators": "Secretariat of the National Commission for Combating Trafficking in Human Beings",
            "licence": "The translation is published with the publisher's permission. The content may be quoted with acknowledgement of the source.",
            "summary": "The handbook explains how state institutions and civil society organisations work together to identify, protect and support trafficked persons. Its chapters follow the four pillars of the mechanism.",
        },
        shared={"original_year": 2022},
    )
    for number, chapter in enumerate(CHAPTERS, start=1):
        fields = {"title": chapter["title"], "summary": chapter["summary"]}
        ctx.page(
            book,
            ChapterPage,
            chapter["slug"][0],
            bg={**_bilingual(fields, 0), "body": _body(chapter["body"], 0)},
            en={
                **_bilingual(fields, 1),
                "slug": chapter["slug"][1],
                "body": _body(chapter["body"], 1),
            },
            shared={"number": number},
        )
    ctx.page(
        book,
        ChapterPage,
        UNTRANSLATED_CHAPTER["slug"],
        bg={
            "title": UNTRANSLATED_CHAPTER["title"],
            "summary": UNTRANSLATED_CHAPTER["summary"],
            "body": _body(UNTRANSLATED_CHAPTER["body"], 0),
        },
        shared={"number": len(CHAPTERS) + 1},
    )
    return book


DOCUMENTS = [
    {
        "slug": ("standart-rabota-s-postradali-v1", "standard-work-with-survivors-v1"),
        "title": (
            "Стандарт за работа с пострадали от трафик",
            "Standard for work with trafficked persons",
        ),
        "summary": (
            "Минималните изисквания към доставчиците на социални услуги за пострадали от трафик: оценка, планиране, персонал.",
            "The minimum requirements for providers of social services to trafficked persons: assessment, planning, staff.",
        ),
        "change_notes": (
            "Първо издание на стандарта.",
            "First edition of the standard.",
        ),
        "shared": {
            "code": "NMN-S-01",
            "document_type": "standard",
            "version_label": "1.0",
            "status": "in_force",
            "in_force_from": datetime.date(2021, 3, 1),
            "change_level": "major",
            "audiences": ["social-services", "health", "ngos"],
        },
        "clauses": STANDARD_V1,
        "chapters": ["individualna-podkrepa"],
    },
    {
        "slug": ("standart-rabota-s-postradali-v2", "standard-work-with-survivors-v2"),
        "title": (
            "Стандарт за работа с пострадали от трафик",
            "Standard for work with trafficked persons",
        ),
        "summary": (
            "Минималните изисквания към доставчиците на социални услуги за пострадали от трафик: оценка, планиране, персонал и лични данни.",
            "The minimum requirements for providers of social services to trafficked persons: assessment, planning, staff and personal data.",
        ),
        "change_notes": (
            "Срокът за първоначална оценка е съкратен от 7 дни на 72 часа; добавени са изисквания за подход, съобразен с травмата, и за защита на личните данни; отпада изискването за хартиен формуляр.",
            "The time limit for the initial assessment is shortened from 7 days to 72 hours; requirements on a trauma-informed approach and on personal data protection are added; the paper form requirement is dropped.",
        ),
        "shared": {
            "code": "NMN-S-01",
            "document_type": "standard",
            "version_label": "2.0",
            "status": "in_force",
            "in_force_from": datetime.date(2024, 1, 15),
            "change_level": "major",
            "audiences": ["social-services", "health", "ngos"],
        },
        "clauses": STANDARD_V2,
        "chapters": ["individualna-podkrepa", "identifikacia-i-zakrila"],
    },
    {
        "slug": ("pravila-za-nasochvane", "referral-regulation"),
        "title": (
            "Правила за насочване на пострадали от трафик",
            "Regulation on the referral of trafficked persons",
        ),
        "summary": (
            "Кой подава сигнал, в какъв срок и как координаторът насочва лицето към закрила и услуги.",
            "Who reports a signal, within what time, and how the co-ordinator refers the person to protection and services.",
        ),
        "change_notes": (
            "Първо издание на правилата.",
            "First edition of the regulation.",
        ),
        "shared": {
            "code": "NMN-R-01",
            "document_type": "regulation",
            "version_label": "1.0",
            "status": "in_force",
            "in_force_from": datetime.date(2022, 6, 1),
            "change_level": "major",
            "audiences": ["police", "social-services", "ngos", "judiciary"],
        },
        "clauses": REGULATION,
        "chapters": ["identifikacia-i-zakrila", "nakazatelno-pravosadie"],
    },
    {
        "slug": ("nasoki-za-dostavchici", "guideline-for-service-providers"),
        "title": ("Насоки за доставчиците на услуги", "Guideline for service providers"),
        "summary": (
            "Практически съвети за първата среща, документирането и грижата за екипа.",
            "Practical advice on the first meeting, record keeping and caring for the team.",
        ),
        "change_notes": (
            "Уточнено е кой не може да бъде преводач при първата среща.",
            "Clarifies who may not act as interpreter at the first meeting.",
        ),
        "shared": {
            "code": "NMN-G-01",
            "document_type": "guideline",
            "version_label": "1.1",
            "status": "in_force",
            "in_force_from": datetime.date(2023, 9, 1),
            "change_level": "minor",
            "audiences": ["social-services", "health", "ngos"],
        },
        "clauses": GUIDELINE,
        "chapters": ["socialno-vklyuchvane"],
    },
]


def _standards(ctx, book):
    library = ctx.page(
        ctx.bg_home,
        StandardsIndexPage,
        "standarti",
        bg={
            "title": "Стандарти, правила и насоки",
            "show_in_menus": True,
            "intro": "Действащите стандарти за работа с пострадали, правилата за насочване и насоките за доставчиците на услуги, с всичките им версии.",
        },
        en={
            "title": "Standards, regulations and guidelines",
            "slug": "standards",
            "intro": "The standards for work with survivors, the regulations for referral and the guidelines for service providers in force, with all their versions.",
        },
    )
    chapters = {chapter.slug: chapter for chapter in ChapterPage.objects.child_of(book)}
    for document in DOCUMENTS:
        fields = {
            "title": document["title"],
            "summary": document["summary"],
            "change_notes": tuple(_p(text) for text in document["change_notes"]),
        }
        page = ctx.page(
            library,
            GuidanceDocumentPage,
            document["slug"][0],
            bg={**_bilingual(fields, 0), "clauses": _clauses(document["clauses"], 0)},
            en={
                **_bilingual(fields, 1),
                "slug": document["slug"][1],
                "clauses": _clauses(document["clauses"], 1),
            },
            shared=document["shared"],
        )
        if not page.related_chapters.exists():
            related = [chapters[slug] for slug in document["chapters"]]
            page.related_chapters.set(related)
            page.save_revision().publish()
            english = ctx.english(page)
            if english is not None:
                english.related_chapters.set(
                    [found for chapter in related if (found := ctx.english(chapter))]
                )
                english.save_revision().publish()
