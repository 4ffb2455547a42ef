"""A press release of 30 segments with our own kk, ru and fr translations, for MT fault tests.

The fake servers (``enginefakes.translating``) answer with these translations, so language
identification, answer-to-source checks and glossary code see realistic text in each
language. Written for these tests; not the sample release.
"""

from __future__ import annotations

RELEASE = """\
# Kazakhstan: Appeal Court Upholds Sentences of Two Environmental Activists

ALMATY, 14 March 2024 – The Almaty City Court on Tuesday upheld the prison sentences of two \
environmental activists who had campaigned against the pollution of Lake Balkhash. Aliya \
Sarsenova and Daniyar Omarov were each sentenced to four years in prison in November 2023 for \
"spreading false information". Their lawyers say that the charges were brought only because of \
their peaceful criticism of a mining company.

"This ruling sends a chilling message to everyone who dares to speak about the environment in \
Kazakhstan," said Marie Dubois, Central Asia researcher at Green Rights Watch. The two \
activists had published a video showing dead fish on the shore of the lake. The video was \
viewed more than 250,000 times in the first week.

## A trial behind closed doors

The trial took place behind closed doors, and independent observers were not allowed into the \
courtroom. Journalists from three media outlets were stopped at the entrance by police \
officers. According to the defence, the court refused to hear six of the eight witnesses it \
had requested. The judge also rejected an independent expert report on the water samples.

Sarsenova, who is 34 years old, suffers from a chronic heart condition. Her family says that \
she has received no adequate medical care since her arrest. Omarov went on hunger strike for \
12 days in January to protest against his conditions of detention.

## What the authorities must do

The Kazakh authorities must release both activists immediately and unconditionally. They must \
also quash the convictions and repeal Article 274 of the Criminal Code, which is regularly \
used against critics. The United Nations Human Rights Committee has already asked Kazakhstan \
to bring this article into line with international law.

Since 2020, at least 17 activists and bloggers have been prosecuted under Article 274. Most of \
them were released after paying heavy fines, but five remain in prison. Civil society \
organisations have repeatedly warned that the law is too vague.

Green Rights Watch will present its findings to the European Parliament on 25 March. Its \
representatives will also meet officials of the European Commission in Brussels. The full \
report is available on **our website** at https://greenrights.example.org/kz-2024.

## Background

Lake Balkhash is one of the largest lakes in Central Asia and provides water to about \
3 million people. Scientists have recorded a sharp rise in heavy metals in the lake since \
2015. The mining company denies any responsibility for the pollution.

For more information, please contact our press office at press@greenrights.example.org or \
on +44 20 7946 0321.
"""

SOURCES = [
    "Kazakhstan: Appeal Court Upholds Sentences of Two Environmental Activists",
    "ALMATY, 14 March 2024 – The Almaty City Court on Tuesday upheld the prison sentences of "
    "two environmental activists who had campaigned against the pollution of Lake Balkhash.",
    "Aliya Sarsenova and Daniyar Omarov were each sentenced to four years in prison in "
    "November 2023 for \"spreading false information\".",
    "Their lawyers say that the charges were brought only because of their peaceful criticism "
    "of a mining company.",
    "\"This ruling sends a chilling message to everyone who dares to speak about the "
    "environment in Kazakhstan,\" said Marie Dubois, Central Asia researcher at Green Rights "
    "Watch.",
    "The two activists had published a video showing dead fish on the shore of the lake.",
    "The video was viewed more than 250,000 times in the first week.",
    "A trial behind closed doors",
    "The trial took place behind closed doors, and independent observers were not allowed "
    "into the courtroom.",
    "Journalists from three media outlets were stopped at the entrance by police officers.",
    "According to the defence, the court refused to hear six of the eight witnesses it had "
    "requested.",
    "The judge also rejected an independent expert report on the water samples.",
    "Sarsenova, who is 34 years old, suffers from a chronic heart condition.",
    "Her family says that she has received no adequate medical care since her arrest.",
    "Omarov went on hunger strike for 12 days in January to protest against his conditions "
    "of detention.",
    "What the authorities must do",
    "The Kazakh authorities must release both activists immediately and unconditionally.",
    "They must also quash the convictions and repeal Article 274 of the Criminal Code, which "
    "is regularly used against critics.",
    "The United Nations Human Rights Committee has already asked Kazakhstan to bring this "
    "article into line with international law.",
    "Since 2020, at least 17 activists and bloggers have been prosecuted under Article 274.",
    "Most of them were released after paying heavy fines, but five remain in prison.",
    "Civil society organisations have repeatedly warned that the law is too vague.",
    "Green Rights Watch will present its findings to the European Parliament on 25 March.",
    "Its representatives will also meet officials of the European Commission in Brussels.",
    "The full report is available on <1>our website</1> at <2/>.",
    "Background",
    "Lake Balkhash is one of the largest lakes in Central Asia and provides water to about "
    "3 million people.",
    "Scientists have recorded a sharp rise in heavy metals in the lake since 2015.",
    "The mining company denies any responsibility for the pollution.",
    "For more information, please contact our press office at <1/> or on +44 20 7946 0321.",
]

_RU = [
    "Казахстан: апелляционный суд оставил в силе приговоры двум экологическим активистам",
    "АЛМАТЫ, 14 марта 2024 года – Алматинский городской суд во вторник оставил в силе "
    "приговоры к лишению свободы двум экологическим активистам, выступавшим против "
    "загрязнения озера Балхаш.",
    "Алия Сарсенова и Данияр Омаров в ноябре 2023 года были приговорены к четырём годам "
    "лишения свободы каждый за «распространение ложной информации».",
    "Их адвокаты утверждают, что обвинения были предъявлены только из-за их мирной критики "
    "горнодобывающей компании.",
    "«Это решение посылает устрашающий сигнал всем, кто осмеливается говорить об экологии в "
    "Казахстане», – заявила Мари Дюбуа, исследователь по Центральной Азии в Green Rights "
    "Watch.",
    "Двое активистов опубликовали видео, на котором видна мёртвая рыба на берегу озера.",
    "За первую неделю видео посмотрели более 250 000 раз.",
    "Суд за закрытыми дверями",
    "Процесс проходил за закрытыми дверями, и независимых наблюдателей не пустили в зал суда.",
    "Журналистов трёх СМИ остановили у входа сотрудники полиции.",
    "По словам защиты, суд отказался заслушать шестерых из восьми свидетелей, о вызове "
    "которых она ходатайствовала.",
    "Судья также отклонил заключение независимой экспертизы проб воды.",
    "34-летняя Сарсенова страдает хроническим заболеванием сердца.",
    "Её семья утверждает, что после ареста она не получает надлежащей медицинской помощи.",
    "В январе Омаров в течение 12 дней держал голодовку в знак протеста против условий "
    "содержания под стражей.",
    "Что должны сделать власти",
    "Власти Казахстана должны немедленно и безоговорочно освободить обоих активистов.",
    "Они также должны отменить приговоры и статью 274 Уголовного кодекса, которую регулярно "
    "применяют против критиков.",
    "Комитет ООН по правам человека уже призывал Казахстан привести эту статью в соответствие "
    "с международным правом.",
    "С 2020 года по статье 274 преследованию подверглись не менее 17 активистов и блогеров.",
    "Большинство из них были освобождены после уплаты крупных штрафов, но пятеро остаются в "
    "заключении.",
    "Организации гражданского общества неоднократно предупреждали, что закон слишком "
    "расплывчат.",
    "25 марта Green Rights Watch представит свои выводы Европейскому парламенту.",
    "Её представители также встретятся с должностными лицами Европейской комиссии в Брюсселе.",
    "Полный текст доклада размещён на <1>нашем сайте</1> по адресу <2/>.",
    "Справка",
    "Балхаш – одно из крупнейших озёр Центральной Азии, оно обеспечивает водой около "
    "3 миллионов человек.",
    "С 2015 года учёные фиксируют резкий рост содержания тяжёлых металлов в озере.",
    "Горнодобывающая компания отрицает свою ответственность за загрязнение.",
    "Для получения дополнительной информации обращайтесь в нашу пресс-службу по адресу <1/> "
    "или по телефону +44 20 7946 0321.",
]

_KK = [
    "Қазақстан: апелляциялық сот екі эколог белсендінің үкімін өзгеріссіз қалдырды",
    "АЛМАТЫ, 2024 жылғы 14 наурыз – Алматы қалалық соты сейсенбі күні Балқаш көлінің "
    "ластануына қарсы шыққан екі эколог белсендіге шығарылған бас бостандығынан айыру үкімін "
    "өзгеріссіз қалдырды.",
    "Әлия Сәрсенова мен Данияр Омаров 2023 жылғы қарашада «жалған ақпарат таратқаны» үшін "
    "әрқайсысы төрт жылға бас бостандығынан айырылды.",
    "Олардың адвокаттарының айтуынша, айып тек олардың тау-кен компаниясын бейбіт түрде "
    "сынағаны үшін тағылған.",
    "«Бұл шешім Қазақстанда қоршаған орта туралы айтуға батылы барған әркімге қорқынышты "
    "белгі береді», – деді Green Rights Watch ұйымының Орталық Азия жөніндегі зерттеушісі "
    "Мари Дюбуа.",
    "Екі белсенді көл жағасындағы өлі балықтарды көрсететін бейнежазба жариялаған.",
    "Бейнежазба алғашқы аптада 250 000 реттен астам қаралды.",
    "Жабық есік жағдайындағы сот процесі",
    "Сот процесі жабық өтті, тәуелсіз бақылаушылар сот залына жіберілмеді.",
    "Үш бұқаралық ақпарат құралының журналистерін кіреберісте полиция қызметкерлері тоқтатты.",
    "Қорғау тарапының айтуынша, сот ол шақыруды сұраған сегіз куәнің алтауын тыңдаудан бас "
    "тартқан.",
    "Судья сондай-ақ су сынамалары бойынша тәуелсіз сараптама қорытындысын қабылдамады.",
    "34 жастағы Сәрсенова созылмалы жүрек ауруымен ауырады.",
    "Оның отбасының айтуынша, ол қамауға алынғаннан бері тиісті медициналық көмек алмаған.",
    "Омаров қамауда ұстау жағдайларына наразылық білдіріп, қаңтар айында 12 күн аштық "
    "жариялады.",
    "Билік не істеуі керек",
    "Қазақстан билігі екі белсендіні де дереу және ешқандай шартсыз босатуы керек.",
    "Сондай-ақ билік үкімдердің күшін жойып, сыншыларға қарсы жиі қолданылатын Қылмыстық "
    "кодекстің 274-бабын алып тастауы тиіс.",
    "БҰҰ-ның Адам құқықтары жөніндегі комитеті Қазақстаннан бұл бапты халықаралық құқыққа "
    "сәйкестендіруді бұрын да сұраған.",
    "2020 жылдан бері кемінде 17 белсенді мен блогер 274-бап бойынша қудаланды.",
    "Олардың көпшілігі ірі айыппұл төлегеннен кейін босатылды, бірақ бесеуі әлі түрмеде отыр.",
    "Азаматтық қоғам ұйымдары заңның тым бұлыңғыр екенін бірнеше рет ескерткен.",
    "Green Rights Watch 25 наурызда өз қорытындыларын Еуропалық парламентке ұсынады.",
    "Ұйым өкілдері Брюссельде Еуропалық комиссияның лауазымды тұлғаларымен де кездеседі.",
    "Баяндаманың толық мәтіні <1>біздің сайтта</1> <2/> мекенжайында қолжетімді.",
    "Анықтама",
    "Балқаш – Орталық Азиядағы ең ірі көлдердің бірі, ол шамамен 3 миллион адамды сумен "
    "қамтамасыз етеді.",
    "Ғалымдар 2015 жылдан бері көлде ауыр металдардың күрт өскенін тіркеп отыр.",
    "Тау-кен компаниясы ластану үшін ешқандай жауапкершілікті мойындамайды.",
    "Қосымша ақпарат алу үшін баспасөз қызметімізге <1/> мекенжайы немесе +44 20 7946 0321 "
    "телефоны арқылы хабарласыңыз.",
]

_FR = [
    "Kazakhstan : la cour d'appel confirme les peines de deux militants écologistes",
    "ALMATY, 14 mars 2024 – Le tribunal municipal d'Almaty a confirmé mardi les peines de "
    "prison de deux militants écologistes qui faisaient campagne contre la pollution du lac "
    "Balkhach.",
    "Aliya Sarsenova et Daniyar Omarov ont chacun été condamnés en novembre 2023 à quatre ans "
    "de prison pour « diffusion de fausses informations ».",
    "Selon leurs avocats, les poursuites n'ont été engagées qu'en raison de leurs critiques "
    "pacifiques envers une société minière.",
    "« Cette décision envoie un message glaçant à tous ceux qui osent parler de "
    "l'environnement au Kazakhstan », a déclaré Marie Dubois, chercheuse sur l'Asie centrale à "
    "Green Rights Watch.",
    "Les deux militants avaient publié une vidéo montrant des poissons morts sur la rive du "
    "lac.",
    "La vidéo a été vue plus de 250 000 fois au cours de la première semaine.",
    "Un procès à huis clos",
    "Le procès s'est déroulé à huis clos et les observateurs indépendants n'ont pas été admis "
    "dans la salle d'audience.",
    "Des journalistes de trois médias ont été arrêtés à l'entrée par des policiers.",
    "Selon la défense, le tribunal a refusé d'entendre six des huit témoins qu'elle avait fait "
    "citer.",
    "Le juge a également rejeté un rapport d'expertise indépendant sur les échantillons d'eau.",
    "Sarsenova, âgée de 34 ans, souffre d'une maladie cardiaque chronique.",
    "Sa famille affirme qu'elle n'a reçu aucun soin médical adapté depuis son arrestation.",
    "En janvier, Omarov a observé une grève de la faim pendant 12 jours pour protester contre "
    "ses conditions de détention.",
    "Ce que les autorités doivent faire",
    "Les autorités kazakhes doivent libérer immédiatement et sans condition les deux "
    "militants.",
    "Elles doivent également annuler les condamnations et abroger l'article 274 du Code pénal, "
    "régulièrement utilisé contre les voix critiques.",
    "Le Comité des droits de l'homme des Nations unies a déjà demandé au Kazakhstan de mettre "
    "cet article en conformité avec le droit international.",
    "Depuis 2020, au moins 17 militants et blogueurs ont été poursuivis en vertu de "
    "l'article 274.",
    "La plupart d'entre eux ont été libérés après avoir payé de lourdes amendes, mais cinq "
    "sont toujours en prison.",
    "Les organisations de la société civile ont averti à plusieurs reprises que la loi était "
    "trop vague.",
    "Green Rights Watch présentera ses conclusions au Parlement européen le 25 mars.",
    "Ses représentants rencontreront également des responsables de la Commission européenne à "
    "Bruxelles.",
    "Le rapport complet est disponible sur <1>notre site</1> à l'adresse <2/>.",
    "Contexte",
    "Le lac Balkhach est l'un des plus grands lacs d'Asie centrale et alimente en eau environ "
    "3 millions de personnes.",
    "Depuis 2015, les scientifiques ont constaté une forte hausse des métaux lourds dans le "
    "lac.",
    "La société minière nie toute responsabilité dans cette pollution.",
    "Pour plus d'informations, veuillez contacter notre service de presse à l'adresse <1/> ou "
    "au +44 20 7946 0321.",
]

TRANSLATIONS: dict[str, dict[str, str]] = {
    lang: dict(zip(SOURCES, texts, strict=True))
    for lang, texts in (("kk", _KK), ("ru", _RU), ("fr", _FR))
}
