"""Demo content for training: two modules with lessons and assessments, in Bulgarian
and English. Written for this project."""

from polls.models import Poll

from .models import LessonPage, TrainingIndexPage, TrainingModulePage


def _p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _single(text, explanation, choices, right):
    return (
        "single_choice",
        {
            "text": text,
            "explanation": explanation,
            "choices": [{"text": c, "correct": i == right} for i, c in enumerate(choices)],
        },
    )


def _multiple(text, explanation, choices, right):
    return (
        "multiple_choice",
        {
            "text": text,
            "explanation": explanation,
            "choices": [{"text": c, "correct": i in right} for i, c in enumerate(choices)],
        },
    )


def _true_false(text, explanation, is_true):
    return ("true_false", {"text": text, "explanation": explanation, "statement_is_true": is_true})


def build(ctx):
    current = Poll.current(ctx.bg)  # built by polls.demo, which runs first
    index = ctx.page(
        ctx.bg_home,
        TrainingIndexPage,
        "obuchenie",
        bg={
            "title": "Обучение",
            "show_in_menus": True,
            "intro": "Модули за граничните полицаи и за служителите на държавните и "
            "неправителствените доставчици на услуги, с тестове преди и след обучението.",
            "body": [("poll", {"poll": current})],
        },
        en={
            "title": "Training",
            "slug": "training",
            "intro": "Modules for border police officers and for the staff of state and "
            "non-governmental service providers, with tests before and after the training.",
            "body": [("poll", {"poll": current})],
        },
    )
    about = ctx.bg_home.get_children().filter(slug="za-nas").first()
    related = [("related_page", {"page": about, "note": ""})] if about else []
    _identification_module(ctx, index, related)
    _trauma_module(ctx, index, related)


def _module(ctx, index, slug, bg, en, shared, lessons):
    module = ctx.page(index, TrainingModulePage, slug, bg=bg, en=en, shared=shared)
    for lesson_slug, lesson_bg, lesson_en in lessons:
        ctx.page(module, LessonPage, lesson_slug, bg=lesson_bg, en=lesson_en)
    return module


def _identification_module(ctx, index, related):
    pre_bg = [
        _single(
            "Кой може да бъде пострадал от трафик на хора?",
            "Пострадал може да бъде всеки: български или чужд гражданин, пълнолетен или дете, "
            "с или без документи за самоличност.",
            [
                "Само чужди граждани без документи",
                "Всеки човек, независимо от гражданство и пол",
                "Само жени",
            ],
            1,
        ),
        _true_false(
            "Съгласието на пострадалия с експлоатацията изключва трафика на хора.",
            "Съгласието е без значение, когато са използвани принуда, измама или злоупотреба с "
            "уязвимо положение, а при децата – винаги.",
            False,
        ),
        _multiple(
            "Кои от следните са индикатори за трафик на хора при граничен контрол?",
            "Чуждият контрол върху документите и разказ, научен наизуст, са типични индикатори; "
            "пътуването с туристическа виза само по себе си не е.",
            [
                "Документите на пътника се държат от друго лице",
                "Пътникът разказва заучена история и не знае адреса си",
                "Пътникът пътува с туристическа виза",
            ],
            {0, 1},
        ),
    ]
    pre_en = [
        _single(
            "Who can be a trafficked person?",
            "Anyone can be a victim: a Bulgarian or a foreign national, an adult or a child, with "
            "or without identity documents.",
            [
                "Only foreign nationals without documents",
                "Anyone, whatever their nationality and sex",
                "Only women",
            ],
            1,
        ),
        _true_false(
            "A victim's consent to the exploitation rules out trafficking in human beings.",
            "Consent is irrelevant where coercion, deception or abuse of a position of "
            "vulnerability were used, and always where the person is a child.",
            False,
        ),
        _multiple(
            "Which of the following are indicators of trafficking at a border check?",
            "Someone else holding the documents and a story learnt by heart are typical "
            "indicators; travelling on a tourist visa is not one in itself.",
            [
                "Someone else holds the traveller's documents",
                "The traveller tells a rehearsed story and does not know their address",
                "The traveller has a tourist visa",
            ],
            {0, 1},
        ),
    ]
    post_bg = pre_bg + [
        _single(
            "Какво е първото действие, след като сте разпознали индикатори за трафик?",
            "Безопасността на лицето е на първо място: отделете го от придружителите и осигурете "
            "преводач, преди да задавате въпроси.",
            [
                "Да разпитате лицето пред придружителите му",
                "Да отделите лицето на безопасно място и да осигурите преводач",
                "Да върнете лицето в страната, от която идва",
            ],
            1,
        ),
        _true_false(
            "Граничният полицай уведомява Националната комисия за борба с трафика на хора за "
            "всеки предполагаем пострадал, за да започне насочване.",
            "Според механизма за насочване сигналът стига до комисията и до доставчиците на услуги, "
            "които предлагат подкрепа.",
            True,
        ),
    ]
    post_en = pre_en + [
        _single(
            "What is the first thing to do once you have recognised indicators of trafficking?",
            "The person's safety comes first: separate them from their companions and bring in an "
            "interpreter before asking questions.",
            [
                "Question the person in front of their companions",
                "Move the person to a safe place and bring in an interpreter",
                "Return the person to the country they came from",
            ],
            1,
        ),
        _true_false(
            "A border police officer notifies the National Commission for Combating Trafficking in "
            "Human Beings of every presumed victim so that referral can begin.",
            "Under the referral mechanism the report reaches the commission and the service "
            "providers that offer support.",
            True,
        ),
    ]
    _module(
        ctx,
        index,
        "identifikacia-granica",
        bg={
            "title": "Идентификация на предполагаеми пострадали от трафик на границата",
            "intro": "Как граничните полицаи разпознават индикаторите за трафик, провеждат първия "
            "разговор и насочват предполагаемите пострадали.",
            "audiences": ["police"],
            "learning_objectives": [
                ("objective", "Разпознавате индикаторите за трафик на хора при граничен контрол."),
                ("objective", "Провеждате първия разговор безопасно и с уважение."),
                ("objective", "Знаете към кого да насочите предполагаемия пострадал."),
            ],
            "prerequisites": _p("Не са нужни предварителни знания."),
            "related": related,
            "pre_test": pre_bg,
            "post_test": post_bg,
        },
        en={
            "title": "Identifying presumed trafficked persons at the border",
            "slug": "identification-at-the-border",
            "intro": "How border police officers recognise the indicators of trafficking, hold the "
            "first conversation and refer presumed victims.",
            "learning_objectives": [
                ("objective", "Recognise the indicators of trafficking at a border check."),
                ("objective", "Hold the first conversation safely and respectfully."),
                ("objective", "Know whom to refer a presumed victim to."),
            ],
            "prerequisites": _p("No prior knowledge is needed."),
            "related": related,
            "pre_test": pre_en,
            "post_test": post_en,
        },
        shared={"duration_minutes": 90, "level": "introductory", "pass_mark": 70},
        lessons=[
            (
                "indikatori",
                {
                    "title": "Индикатори за трафик на хора",
                    "intro": "Знаците, които трябва да ви накарат да се замислите.",
                    "body": [
                        (
                            "heading",
                            {"level": "2", "text": "Какво наблюдаваме", "anchor": "nabliudenie"},
                        ),
                        (
                            "paragraph",
                            _p(
                                "Нито един индикатор сам по себе си не доказва трафик. Важна е "
                                "съвкупността от признаци и поведението на придружителите.",
                                "Обърнете внимание кой държи документите, кой отговаря на въпросите "
                                "и дали пътникът знае къде отива и при кого.",
                            ),
                        ),
                        (
                            "callout",
                            {
                                "kind": "checklist",
                                "title": "Проверете",
                                "body": "<ul><li>Кой държи паспорта и билета?</li><li>Има ли пътникът пари и телефон?</li><li>Разказът заучен ли звучи?</li></ul>",
                            },
                        ),
                        (
                            "video",
                            {
                                "url": "https://www.youtube.com/watch?v=nrm-demo-border",
                                "title": "Индикатори при граничен контрол (примерно видео)",
                                "duration": "8 мин",
                                "description": "Кратък филм с примерни ситуации на гранично-пропускателен пункт.",
                            },
                        ),
                    ],
                },
                {
                    "title": "Indicators of trafficking in human beings",
                    "slug": "indicators",
                    "intro": "The signs that should make you stop and think.",
                    "body": [
                        (
                            "heading",
                            {"level": "2", "text": "What we observe", "anchor": "nabliudenie"},
                        ),
                        (
                            "paragraph",
                            _p(
                                "No single indicator proves trafficking. What matters is the "
                                "combination of signs and the behaviour of the companions.",
                                "Notice who holds the documents, who answers the questions and "
                                "whether the traveller knows where they are going and to whom.",
                            ),
                        ),
                        (
                            "callout",
                            {
                                "kind": "checklist",
                                "title": "Check",
                                "body": "<ul><li>Who holds the passport and the ticket?</li><li>Does the traveller have money and a phone?</li><li>Does the story sound rehearsed?</li></ul>",
                            },
                        ),
                        (
                            "video",
                            {
                                "url": "https://www.youtube.com/watch?v=nrm-demo-border",
                                "title": "Indicators at a border check (sample video)",
                                "duration": "8 min",
                                "description": "A short film with sample situations at a border crossing point.",
                            },
                        ),
                    ],
                },
            ),
            (
                "parvi-razgovor",
                {
                    "title": "Първи разговор и насочване",
                    "intro": "Как да говорите с предполагаемия пострадал и какво следва.",
                    "body": [
                        (
                            "paragraph",
                            _p(
                                "Проведете разговора на спокойно място, без придружителите, с "
                                "преводач от същия пол, ако лицето го предпочита.",
                                "Обяснете кой сте, какви са правата на лицето и че помощта не "
                                "зависи от съгласието му да свидетелства.",
                            ),
                        ),
                        (
                            "case_study",
                            {
                                "title": "Автобусът от Свиленград",
                                "situation": _p(
                                    "При проверка на автобус млада жена не може да каже адреса, "
                                    "на който отива. Паспортът ѝ е у мъж, който настоява да "
                                    "отговаря вместо нея."
                                ),
                                "questions": [
                                    "Кои индикатори виждате?",
                                    "Как ще отделите жената за разговор?",
                                ],
                            },
                        ),
                        (
                            "callout",
                            {
                                "kind": "good_practice",
                                "title": "Добра практика",
                                "body": _p(
                                    "Уведомете незабавно Националната комисия и дежурния "
                                    "доставчик на услуги, за да бъде осигурен подслон."
                                ),
                            },
                        ),
                    ],
                },
                {
                    "title": "The first conversation and referral",
                    "slug": "first-conversation",
                    "intro": "How to talk to a presumed victim and what comes next.",
                    "body": [
                        (
                            "paragraph",
                            _p(
                                "Hold the conversation in a calm place, without the companions, "
                                "with an interpreter of the same sex if the person prefers.",
                                "Explain who you are, what the person's rights are and that help "
                                "does not depend on their agreeing to testify.",
                            ),
                        ),
                        (
                            "case_study",
                            {
                                "title": "The bus from Svilengrad",
                                "situation": _p(
                                    "During a check of a bus a young woman cannot say the address "
                                    "she is going to. A man holds her passport and insists on "
                                    "answering for her."
                                ),
                                "questions": [
                                    "Which indicators do you see?",
                                    "How will you separate the woman for a conversation?",
                                ],
                            },
                        ),
                        (
                            "callout",
                            {
                                "kind": "good_practice",
                                "title": "Good practice",
                                "body": _p(
                                    "Notify the National Commission and the service provider on "
                                    "duty at once, so that shelter can be arranged."
                                ),
                            },
                        ),
                    ],
                },
            ),
        ],
    )


def _trauma_module(ctx, index, related):
    pre_bg = [
        _true_false(
            "Противоречията в разказа на пострадалия означават, че той лъже.",
            "Травмата засяга паметта: пропуските и противоречията са честа последица, а не "
            "доказателство за лъжа.",
            False,
        ),
        _single(
            "Кое е основно в травма-информирания подход?",
            "Подходът поставя безопасността, избора и доверието в центъра на всяка среща.",
            [
                "Бързото събиране на показания",
                "Безопасността, изборът и доверието",
                "Строгият дневен режим",
            ],
            1,
        ),
    ]
    pre_en = [
        _true_false(
            "Contradictions in a survivor's account mean that they are lying.",
            "Trauma affects memory: gaps and contradictions are a common consequence, not proof "
            "of lying.",
            False,
        ),
        _single(
            "What is central to a trauma-informed approach?",
            "The approach puts safety, choice and trust at the centre of every encounter.",
            ["Taking statements quickly", "Safety, choice and trust", "A strict daily routine"],
            1,
        ),
    ]
    post_bg = pre_bg + [
        _multiple(
            "Кои действия подкрепят чувството за контрол у пострадалия?",
            "Обяснението на всяка стъпка и възможността за избор връщат контрола; решенията "
            "вместо човека го отнемат.",
            [
                "Обяснявате какво ще се случи и защо",
                "Предлагате избор, когато е възможно",
                "Решавате вместо него, за да го предпазите",
            ],
            {0, 1},
        ),
    ]
    post_en = pre_en + [
        _multiple(
            "Which actions support a survivor's sense of control?",
            "Explaining each step and offering choices give control back; deciding for the "
            "person takes it away.",
            [
                "You explain what will happen and why",
                "You offer choices where possible",
                "You decide for them to protect them",
            ],
            {0, 1},
        ),
    ]
    _module(
        ctx,
        index,
        "travma-informirana-podkrepa",
        bg={
            "title": "Травма-информирана подкрепа за пострадали от трафик",
            "intro": "Как травмата влияе на пострадалите и как доставчиците на услуги да работят "
            "така, че да не я задълбочават.",
            "audiences": ["social-services", "ngos"],
            "learning_objectives": [
                ("objective", "Разбирате как травмата влияе на паметта и поведението."),
                ("objective", "Прилагате принципите на безопасност, избор и доверие."),
            ],
            "prerequisites": _p("Препоръчва се модулът за идентификация."),
            "related": related,
            "pre_test": pre_bg,
            "post_test": post_bg,
        },
        en={
            "title": "Trauma-informed support for trafficked persons",
            "slug": "trauma-informed-support",
            "intro": "How trauma affects survivors and how service providers can work without "
            "deepening it.",
            "learning_objectives": [
                ("objective", "Understand how trauma affects memory and behaviour."),
                ("objective", "Apply the principles of safety, choice and trust."),
            ],
            "prerequisites": _p("The identification module is recommended."),
            "related": related,
            "pre_test": pre_en,
            "post_test": post_en,
        },
        shared={
            "duration_minutes": 120,
            "level": "intermediate",
            "pass_mark": 75,
            "shuffle_questions": True,
        },
        lessons=[
            (
                "travma-i-pamet",
                {
                    "title": "Травма, памет и поведение",
                    "intro": "Защо пострадалите понякога изглеждат недоверчиви или объркани.",
                    "body": [
                        (
                            "paragraph",
                            _p(
                                "Продължителната експлоатация променя начина, по който човек "
                                "реагира на опасност. Недоверието е защитна реакция.",
                                "Пропуските в спомените и объркването на датите са често срещани "
                                "и не бива да водят до съмнение в добросъвестността на човека.",
                            ),
                        ),
                        (
                            "callout",
                            {
                                "kind": "key_point",
                                "title": "Запомнете",
                                "body": _p(
                                    "Поведението е реакция на преживяното, а не черта на характера."
                                ),
                            },
                        ),
                    ],
                },
                {
                    "title": "Trauma, memory and behaviour",
                    "slug": "trauma-and-memory",
                    "intro": "Why survivors sometimes seem distrustful or confused.",
                    "body": [
                        (
                            "paragraph",
                            _p(
                                "Prolonged exploitation changes the way a person reacts to "
                                "danger. Distrust is a protective reaction.",
                                "Gaps in memory and confused dates are common and should not lead "
                                "anyone to doubt the person's good faith.",
                            ),
                        ),
                        (
                            "callout",
                            {
                                "kind": "key_point",
                                "title": "Remember",
                                "body": _p(
                                    "Behaviour is a reaction to what happened, not a trait of character."
                                ),
                            },
                        ),
                    ],
                },
            ),
            (
                "principi",
                {
                    "title": "Принципи на травма-информираната работа",
                    "intro": "Безопасност, избор, сътрудничество, доверие и овластяване.",
                    "body": [
                        (
                            "case_study",
                            {
                                "title": "Първата нощ в кризисния център",
                                "situation": _p(
                                    "Настанената жена отказва да говори и иска лампата да остане "
                                    "запалена. Колегата ви предлага да ѝ обясните правилника."
                                ),
                                "questions": [
                                    "Какво ще направите първо?",
                                    "Кои решения може да вземе самата тя?",
                                ],
                            },
                        ),
                    ],
                },
                {
                    "title": "Principles of trauma-informed work",
                    "slug": "principles",
                    "intro": "Safety, choice, collaboration, trust and empowerment.",
                    "body": [
                        (
                            "case_study",
                            {
                                "title": "The first night at the crisis centre",
                                "situation": _p(
                                    "The woman who has just been placed refuses to talk and wants "
                                    "the light left on. Your colleague suggests explaining the "
                                    "house rules to her."
                                ),
                                "questions": [
                                    "What will you do first?",
                                    "Which decisions can she make herself?",
                                ],
                            },
                        ),
                    ],
                },
            ),
        ],
    )
