"""Issue 10, item 1: realistic release sentences that a glossary accepting one rendering per
language refused, and planted errors with a correct twin.

Plain data (no l10n import), so that ``bench``-style scripts can run the same cases against
another version of the code. The glossary is modelled on a human-rights NGO's: the first
rendering in a language cell is the preferred one, the others (after ``|``) are admitted.
"""

from __future__ import annotations

GLOSSARY_CSV = """\
term,kind,kk,ru,fr,variants,case_sensitive,kk_avoid,ru_avoid,fr_avoid,note
Organization for Security and Co-operation in Europe,fixed,Еуропадағы қауіпсіздік және ынтымақтастық ұйымы|ЕҚЫҰ,Организация по безопасности и сотрудничеству в Европе|ОБСЕ,Organisation pour la sécurité et la coopération en Europe|OSCE,Organization for Security and Cooperation in Europe,no,ОБСЕ,Организация безопасности и сотрудничества в Европе,,"Official names; once introduced, the abbreviation may stand for the full name."
OSCE,abbrev,ЕҚЫҰ|Еуропадағы қауіпсіздік және ынтымақтастық ұйымы,ОБСЕ|Организация по безопасности и сотрудничеству в Европе,OSCE|Organisation pour la sécurité et la coopération en Europe,,yes,ОБСЕ,,,"kk ЕҚЫҰ, never the Russian ОБСЕ; the full name may always be spelt out."
ICCPR,abbrev,Азаматтық және саяси құқықтар туралы халықаралық пакт,МПГПП|Международный пакт о гражданских и политических правах,PIDCP|Pacte international relatif aux droits civils et politiques,,yes,Азаматтық және саяси құқықтар туралы халықаралық конвенция,Международная конвенция о гражданских и политических правах,Convention internationale relative aux droits civils et politiques,"No Kazakh abbreviation: the title is written out. A covenant is a пакт/pacte, never a convention."
UN Human Rights Committee,fixed,БҰҰ Адам құқықтары жөніндегі комитеті,Комитет ООН по правам человека|Комитет по правам человека ООН|КПЧ ООН,Comité des droits de l’homme de l’ONU|Comité des droits de l’homme des Nations unies,United Nations Human Rights Committee,no,БҰҰ Адам құқықтары жөніндегі кеңесі,Совет ООН по правам человека,Conseil des droits de l’homme,"The ICCPR's treaty body, not the Human Rights Council."
Ministry of Foreign Affairs,fixed,Сыртқы істер министрлігі|СІМ,Министерство иностранных дел|МИД,ministère des Affaires étrangères,Foreign Ministry,no,,,,"ru МИД and kk СІМ after, or instead of, the full name."
Kazakh authorities,fixed,Қазақстан билігі,власти Казахстана|казахстанские власти,autorités kazakhstanaises|autorités du Kazakhstan,Kazakhstani authorities,no,қазақ билігі,казахские власти,autorités kazakhes,"The state's authorities, not the ethnic group's: ru власти Казахстана or казахстанские власти."
Administrative Code,fixed,Әкімшілік құқық бұзушылық туралы кодекс|Әкімшілік құқық бұзушылық туралы Қазақстан Республикасының Кодексі,Кодекс об административных правонарушениях|Кодекс Республики Казахстан об административных правонарушениях|КоАП,Code des infractions administratives,,no,,Административный кодекс,Code administratif,"Official names: kk Әкімшілік құқық бұзушылық туралы Қазақстан Республикасының Кодексі, ru Кодекс Республики Казахстан об административных правонарушениях (КоАП after the first mention)."
Yevgeniy Zhovtis,fixed,Евгений Жовтис,Евгений Жовтис,Evgueni Jovtis|Evgeniy Zhovtis,Evgeniy Zhovtis,no,,,,"Director of the Kazakhstan International Bureau for Human Rights; fr also in his own Latin spelling, as FIDH writes it."
Human Rights Watch,dnt,,,,,no,,,,Keep the name in Latin script.
"""

#: Correct translations refused when a row held one rendering: (cause, lang, source, target).
#: Each pair of sentences of a cause reads as a release would: the first mention, then more.
CORRECT = [
    # An organisation's official full name where the glossary prefers the abbreviation.
    ("full name for a preferred abbreviation", "ru",
     "OSCE observers concluded that the early presidential election of 9 June 2019 was "
     "tarnished by clear violations of fundamental freedoms.",
     "Наблюдатели Организации по безопасности и сотрудничеству в Европе пришли к выводу, что "
     "досрочные президентские выборы 9 июня 2019 года были омрачены явными нарушениями "
     "основных свобод."),
    ("full name for a preferred abbreviation", "kk",
     "OSCE observers concluded that the early presidential election of 9 June 2019 was "
     "tarnished by clear violations of fundamental freedoms.",
     "Еуропадағы қауіпсіздік және ынтымақтастық ұйымының бақылаушылары 2019 жылғы 9 маусымдағы "
     "кезектен тыс президент сайлауына негізгі бостандықтардың айқын бұзылуы көлеңке түсірді "
     "деген қорытындыға келді."),
    ("full name for a preferred abbreviation", "fr",
     "OSCE observers concluded that the early presidential election of 9 June 2019 was "
     "tarnished by clear violations of fundamental freedoms.",
     "Les observateurs de l’Organisation pour la sécurité et la coopération en Europe ont "
     "conclu que l’élection présidentielle anticipée du 9 juin 2019 avait été entachée de "
     "violations manifestes des libertés fondamentales."),
    ("full name for a preferred abbreviation", "ru",
     "The ICCPR has been binding on Kazakhstan since 2006.",
     "Международный пакт о гражданских и политических правах обязателен для Казахстана с "
     "2006 года."),
    ("full name for a preferred abbreviation", "fr",
     "The ICCPR has been binding on Kazakhstan since 2006.",
     "Le Pacte international relatif aux droits civils et politiques lie le Kazakhstan depuis "
     "2006."),
    # The official full name and a house variant where the glossary prefers another form.
    ("official full name or house variant", "fr",
     "In 2016, the UN Human Rights Committee urged Kazakhstan to revise its restrictive law on "
     "peaceful assemblies.",
     "En 2016, le Comité des droits de l’homme des Nations unies a exhorté le Kazakhstan à "
     "réviser sa loi restrictive sur les rassemblements pacifiques."),
    ("official full name or house variant", "ru",
     "In 2016, the UN Human Rights Committee urged Kazakhstan to revise its restrictive law on "
     "peaceful assemblies.",
     "В 2016 году Комитет по правам человека ООН призвал Казахстан пересмотреть "
     "ограничительный закон о мирных собраниях."),
    ("official full name or house variant", "ru",
     "Under Article 488 of the Administrative Code, organisers of an unauthorised rally face a "
     "fine or up to 20 days of administrative arrest.",
     "По статье 488 Кодекса Республики Казахстан об административных правонарушениях "
     "организаторам несанкционированного митинга грозит штраф или административный арест на "
     "срок до 20 суток."),
    ("official full name or house variant", "fr",
     "Human Rights Watch called on the Kazakh authorities to release Yevgeniy Zhovtis, "
     "sentenced in September 2009 to four years in a settlement colony.",
     "Human Rights Watch a appelé les autorités du Kazakhstan à libérer Evgeniy Zhovtis, "
     "condamné en septembre 2009 à quatre ans de colonie pénitentiaire."),
    # A standard abbreviation after the full name: the English repeats the name, the
    # translation uses the abbreviation the release has introduced.
    ("abbreviation after the full name", "ru",
     "In 2010, Kazakhstan chaired the Organization for Security and Co-operation in Europe.",
     "В 2010 году Казахстан председательствовал в ОБСЕ."),
    ("abbreviation after the full name", "kk",
     "In 2010, Kazakhstan chaired the Organization for Security and Co-operation in Europe.",
     "2010 жылы Қазақстан ЕҚЫҰ-ға төрағалық етті."),
    ("abbreviation after the full name", "fr",
     "In 2010, Kazakhstan chaired the Organization for Security and Co-operation in Europe.",
     "En 2010, le Kazakhstan a assuré la présidence de l’OSCE."),
    ("abbreviation after the full name", "ru",
     "In Almaty alone, at least 40 people were punished under the Administrative Code.",
     "Только в Алматы по КоАП были наказаны не менее 40 человек."),
    ("abbreviation after the full name", "ru",
     "The Ministry of Foreign Affairs described the Committee’s views as interference in the "
     "country’s internal affairs.",
     "МИД назвал соображения Комитета вмешательством во внутренние дела страны."),
    ("abbreviation after the full name", "kk",
     "The Ministry of Foreign Affairs described the Committee’s views as interference in the "
     "country’s internal affairs.",
     "СІМ Комитеттің пікірлерін елдің ішкі істеріне араласу деп атады."),
    # An accepted inflected phrasing noted in the row itself.
    ("accepted phrasing noted in the row", "ru",
     "Human Rights Watch called on the Kazakh authorities to release Yevgeniy Zhovtis, "
     "sentenced in September 2009 to four years in a settlement colony.",
     "Human Rights Watch призвала казахстанские власти освободить Евгения Жовтиса, "
     "приговорённого в сентябре 2009 года к четырём годам колонии-поселения."),
    ("accepted phrasing noted in the row", "ru",
     "The Kazakh authorities have ignored the recommendations of the OSCE.",
     "Казахстанские власти проигнорировали рекомендации ОБСЕ."),
]

#: Translations that were accepted before and must stay so (the preferred rendering, the
#: full name followed by the abbreviation it introduces).
CONTROLS = [
    ("ru", "Kazakhstan is a participating State of the Organization for Security and "
     "Co-operation in Europe (OSCE).",
     "Казахстан является государством — участником Организации по безопасности и "
     "сотрудничеству в Европе (ОБСЕ)."),
    ("kk", "Kazakhstan is a participating State of the Organization for Security and "
     "Co-operation in Europe (OSCE).",
     "Қазақстан — Еуропадағы қауіпсіздік және ынтымақтастық ұйымына (ЕҚЫҰ) қатысушы мемлекет."),
    ("fr", "Kazakhstan is a participating State of the Organization for Security and "
     "Co-operation in Europe (OSCE).",
     "Le Kazakhstan est un État participant de l’Organisation pour la sécurité et la "
     "coopération en Europe (OSCE)."),
    ("kk", "In 2016, the UN Human Rights Committee urged Kazakhstan to revise its restrictive "
     "law on peaceful assemblies.",
     "2016 жылы БҰҰ Адам құқықтары жөніндегі комитеті Қазақстанды бейбіт жиналыстар туралы "
     "шектеуші заңын қайта қарауға шақырды."),
    ("kk", "Human Rights Watch called on the Kazakh authorities to release Yevgeniy Zhovtis, "
     "sentenced in September 2009 to four years in a settlement colony.",
     "Human Rights Watch Қазақстан билігін 2009 жылғы қыркүйекте колония-қоныста төрт жылға "
     "сотталған Евгений Жовтисті босатуға шақырды."),
    ("fr", "The Ministry of Foreign Affairs described the Committee’s views as interference in "
     "the country’s internal affairs.",
     "Le ministère des Affaires étrangères a qualifié les constatations du Comité d’ingérence "
     "dans les affaires intérieures du pays."),
]

#: Planted errors: (lang, source, bad, good). The bad one uses a wrong rendering, the good
#: one an admitted rendering of the same term.
PLANTED = [
    ("ru", "The UN Human Rights Committee found that Kazakhstan had violated Article 21 of the "
     "Covenant.",
     "Совет ООН по правам человека установил, что Казахстан нарушил статью 21 Пакта.",
     "Комитет по правам человека ООН установил, что Казахстан нарушил статью 21 Пакта."),
    ("kk", "The Organization for Security and Co-operation in Europe sent more than 300 "
     "observers to Kazakhstan.",
     "ОБСЕ Қазақстанға 300-ден астам бақылаушы жіберді.",
     "ЕҚЫҰ Қазақстанға 300-ден астам бақылаушы жіберді."),
    ("ru", "The Kazakh authorities detained thousands of peaceful protesters in June 2019.",
     "В июне 2019 года казахские власти задержали тысячи мирных протестующих.",
     "В июне 2019 года казахстанские власти задержали тысячи мирных протестующих."),
    ("fr", "The Kazakh authorities detained thousands of peaceful protesters in June 2019.",
     "En juin 2019, les autorités kazakhes ont arrêté des milliers de manifestants pacifiques.",
     "En juin 2019, les autorités du Kazakhstan ont arrêté des milliers de manifestants "
     "pacifiques."),
    ("ru", "Dozens of protesters were fined under the Administrative Code.",
     "Десятки протестующих были оштрафованы по Административному кодексу.",
     "Десятки протестующих были оштрафованы по КоАП."),
    ("ru", "The ICCPR guarantees everyone the right to freedom of expression.",
     "Международная конвенция о гражданских и политических правах гарантирует каждому право "
     "на свободное выражение своего мнения.",
     "Международный пакт о гражданских и политических правах гарантирует каждому право на "
     "свободное выражение своего мнения."),
]
