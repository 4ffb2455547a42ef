"""Meaning checks without a model: omission (a clause, a name or a quotation left out) and
negation (a negation lost or added), measured on a planted set of our own with a correct
twin per error, on tricky correct translations, on the reviewed sample and on real PO files."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.check import check_workspace
from l10n.glossary.csvfile import load_glossary
from l10n.qa.meaning import (DEFAULT_LENGTH_RATIOS, LENGTH_MIN_SOURCE, MIN_PAIRS,
                             _negations, learn_length_ratio, negations)
from l10n.qa.runner import check_text
from tests.qa.test_checks import REAL_PO, ROOT, make_workspace

GLOSSARY = load_glossary(ROOT / "glossary", ("kk", "ru", "fr"))
NB = "\u00a0"  # French puts a no-break space inside « »

# (check, lang, source, bad translation, correct twin). Our own translations of sentences
# written like the NGO's releases; each bad one leaves out a clause, a name or a quotation,
# or loses or adds a negation, or (language) leaves a short heading in another language.
PLANTED: list[tuple[str, str, str, str, str]] = [
    # ----------------------------------------------------------------- omission
    ("omission", "ru",
     "The court sentenced land activist Max Bokayev to five years in prison, a sentence that "
     "human rights groups described as politically motivated.",
     "Суд приговорил земельного активиста Макса Бокаева к пяти годам лишения свободы.",
     "Суд приговорил земельного активиста Макса Бокаева к пяти годам лишения свободы; "
     "правозащитные организации назвали этот приговор политически мотивированным."),
    ("omission", "kk",
     "The court sentenced land activist Max Bokayev to five years in prison, a sentence that "
     "human rights groups described as politically motivated.",
     "Сот жер белсендісі Макс Боқаевқа бес жыл бас бостандығынан айыру жазасын тағайындады.",
     "Сот жер белсендісі Макс Боқаевқа бес жыл бас бостандығынан айыру жазасын тағайындады, "
     "ал құқық қорғау ұйымдары бұл үкімді саяси астарлы деп бағалады."),
    ("omission", "fr",
     "Journalists from Radio Azattyq and Vlast.kz were also detained while covering the "
     "protests.",
     "Des journalistes de Radio Azattyq ont également été interpellés alors qu’ils couvraient "
     "les manifestations.",
     "Des journalistes de Radio Azattyq et de Vlast.kz ont également été interpellés alors "
     "qu’ils couvraient les manifestations."),
    ("omission", "ru",
     "Activists Aigerim Tleuzhan and Nurzhan Mukhammedov remain in pre-trial detention in "
     "Almaty.",
     "Активистка Айгерим Тлеужан по-прежнему находится в следственном изоляторе в Алматы.",
     "Активисты Айгерим Тлеужан и Нуржан Мухаммедов по-прежнему находятся в следственном "
     "изоляторе в Алматы."),
    ("omission", "kk",
     "Zhovtis called the verdict ‘a signal to the whole of civil society’ and said the "
     "defence would appeal.",
     "Жовтис үкімді бүкіл азаматтық қоғамға берілген белгі деп атап, қорғау тарапы "
     "шағымданатынын айтты.",
     "Жовтис үкімді «бүкіл азаматтық қоғамға берілген белгі» деп атап, қорғау тарапы "
     "шағымданатынын айтты."),
    ("omission", "fr",
     "The organisation also documented torture in pre-trial detention centres in Shymkent and "
     "Taraz, where detainees were denied access to lawyers for several days.",
     "L’organisation a également recensé des cas de torture dans les centres de détention "
     "provisoire.",
     "L’organisation a également recensé des cas de torture dans les centres de détention "
     "provisoire de Chymkent et de Taraz, où des détenus ont été privés d’avocat pendant "
     "plusieurs jours."),
    ("omission", "kk",
     "Police officers in plain clothes detained the journalist outside his home in Atyrau and "
     "confiscated his phone and laptop without a warrant.",
     "Азаматтық киім киген полиция қызметкерлері журналисті Атыраудағы үйінің жанынан "
     "ұстады.",
     "Азаматтық киім киген полиция қызметкерлері журналисті Атыраудағы үйінің жанынан ұстап, "
     "оның телефоны мен ноутбугын санкциясыз тәркіледі."),
    ("omission", "ru",
     "Lawyers were not allowed to see their clients for the first 48 hours, and several "
     "detainees said they had been beaten during questioning.",
     "В первые 48 часов адвокатов не допускали к подзащитным, а задержанных избивали.",
     "В первые 48 часов адвокатов не допускали к подзащитным, а несколько задержанных "
     "рассказали, что во время допросов их избивали."),
    ("omission", "fr",
     "Protesters held placards reading ‘We have a choice’ and ‘Shame on you’, before police "
     "dispersed the crowd.",
     "Les manifestants brandissaient des pancartes, avant que la police ne disperse la foule.",
     f"Les manifestants brandissaient des pancartes «{NB}Nous avons le choix{NB}» et "
     f"«{NB}Honte à vous{NB}», avant que la police ne disperse la foule."),
    ("omission", "kk",
     "Lawyer Ainur Kaliyeva and her colleague Daniyar Sarsenov represented the defendants in "
     "court.",
     "Сотта айыпталушылардың мүддесін адвокат Айнұр Қалиева қорғады.",
     "Сотта айыпталушылардың мүддесін адвокат Айнұр Қалиева мен оның әріптесі Данияр Сәрсенов "
     "қорғады."),
    ("omission", "ru",
     "The prosecutor described the protest as ‘an attempt to destabilise the situation in the "
     "country’.",
     "Прокурор назвал акцию протеста попыткой дестабилизировать ситуацию в стране.",
     "Прокурор назвал акцию протеста «попыткой дестабилизировать ситуацию в стране»."),
    ("omission", "fr",
     "Many of those detained were released after paying fines, but at least a dozen still "
     "face criminal charges for taking part in an unsanctioned rally.",
     "Nombre des personnes interpellées ont été relâchées après avoir payé une amende.",
     "Nombre des personnes interpellées ont été relâchées après avoir payé une amende, mais "
     "au moins une douzaine d’entre elles sont toujours poursuivies pénalement pour avoir "
     "participé à un rassemblement non autorisé."),
    # ----------------------------------------------------------------- negation
    ("negation", "ru",
     "The authorities did not allow independent observers to attend the trial.",
     "Власти допустили независимых наблюдателей на судебный процесс.",
     "Власти не допустили независимых наблюдателей на судебный процесс."),
    ("negation", "kk",
     "The authorities did not allow independent observers to attend the trial.",
     "Билік тәуелсіз бақылаушыларды сот процесіне жіберді.",
     "Билік тәуелсіз бақылаушыларды сот процесіне жібермеді."),
    ("negation", "fr",
     "The authorities did not allow independent observers to attend the trial.",
     "Les autorités ont autorisé les observateurs indépendants à assister au procès.",
     "Les autorités n’ont pas autorisé les observateurs indépendants à assister au procès."),
    ("negation", "kk",
     "The detainees were informed of the charges against them.",
     "Ұсталғандарға оларға тағылған айыптар туралы хабарланбады.",
     "Ұсталғандарға оларға тағылған айыптар туралы хабарланды."),
    ("negation", "ru",
     "The court allowed journalists and diplomats to attend the hearing.",
     "Суд не разрешил журналистам и дипломатам присутствовать на заседании.",
     "Суд разрешил журналистам и дипломатам присутствовать на заседании."),
    ("negation", "fr",
     "The prosecutor’s office has opened an investigation into the allegations of torture.",
     "Le parquet n’a pas ouvert d’enquête sur les allégations de torture.",
     "Le parquet a ouvert une enquête sur les allégations de torture."),
    ("negation", "kk",
     "Kazakhstan has never held an election that OSCE observers judged free and fair.",
     "Қазақстанда ЕҚЫҰ бақылаушылары еркін әрі әділ деп таныған сайлау бірнеше рет "
     "өткізілген.",
     "Қазақстанда ЕҚЫҰ бақылаушылары еркін әрі әділ деп таныған сайлау ешқашан "
     "өткізілмеген."),
    ("negation", "ru",
     "No one has been held accountable for the deaths of 16 people in Zhanaozen in 2011.",
     "Виновные в гибели 16 человек в Жанаозене в 2011 году понесли ответственность.",
     "Никто до сих пор не понёс ответственности за гибель 16 человек в Жанаозене в 2011 "
     "году."),
    ("negation", "fr",
     "Dozens of protesters were held for hours without access to a lawyer.",
     "Des dizaines de manifestants ont été détenus pendant des heures et ont pu consulter un "
     "avocat.",
     "Des dizaines de manifestants ont été détenus pendant des heures sans pouvoir consulter "
     "un avocat."),
    ("negation", "kk",
     "There is no independent body to investigate complaints of torture.",
     "Азаптау туралы шағымдарды тергейтін тәуелсіз орган бар.",
     "Азаптау туралы шағымдарды тергейтін тәуелсіз орган жоқ."),
    ("negation", "ru",
     "Neither the lawyers nor the relatives were informed of the transfer.",
     "Адвокатов и родственников уведомили о переводе.",
     "Ни адвокатов, ни родственников не уведомили о переводе."),
    ("negation", "fr",
     "The authorities have never responded to our requests for information.",
     "Les autorités ont toujours répondu à nos demandes d’information.",
     "Les autorités n’ont jamais répondu à nos demandes d’information."),
    ("negation", "kk",
     "The trial was open to the public.",
     "Сот процесі көпшілік үшін ашық өткен жоқ.",
     "Сот процесі көпшілік үшін ашық өтті."),
    ("negation", "ru",
     "Several activists were detained without a court order.",
     "Несколько активистов были задержаны по решению суда.",
     "Несколько активистов были задержаны без решения суда."),
    # ----------------------------------------------------------------- language (short)
    ("language", "kk", "Key findings", "Основные выводы", "Негізгі тұжырымдар"),
    ("language", "kk", "Background", "Справочная информация", "Анықтама"),
    ("language", "ru", "Background", "Анықтама", "Справка"),
    ("language", "ru", "Recommendations", "Ұсыныстар", "Рекомендации"),
    ("language", "kk", "For the media", "Для СМИ", "БАҚ үшін"),
    ("language", "kk", "Conclusion", "Заключение", "Қорытынды"),
    ("language", "fr", "Media contact", "Contact for media", "Contact presse"),
]

# Correct translations that look like errors to a careless rule: negation carried by an
# affix or a verb (unable, failed, impunity, incommunicado), "at least" (не менее), the
# Kazakh question particle and words that merely contain ма/ме, Russian не- words,
# French ne … que, double negation; short Kazakh text without a Kazakh-only letter, names.
CORRECT: list[tuple[str, str, str]] = [
    ("ru", "The authorities failed to investigate the allegations.",
     "Власти не расследовали эти обвинения."),
    ("kk", "The authorities failed to investigate the allegations.",
     "Билік бұл айыптауларды тергемеді."),
    ("fr", "The authorities failed to investigate the allegations.",
     "Les autorités n’ont pas enquêté sur ces allégations."),
    ("ru", "At least 40 people were detained in Almaty on Sunday.",
     "В воскресенье в Алматы были задержаны не менее 40 человек."),
    ("kk", "At least 40 people were detained in Almaty on Sunday.",
     "Жексенбі күні Алматыда кемінде 40 адам ұсталды."),
    ("kk", "Journalists were unable to obtain accreditation for the trial.",
     "Журналистер сот процесіне аккредитация ала алмады."),
    ("ru", "The verdict was not only unjust but also unlawful.",
     "Приговор был не только несправедливым, но и незаконным."),
    ("kk", "Is this the end of impunity for torture?",
     "Бұл азаптау үшін жазасыздықтың соңы ма?"),
    ("kk", "The report analyses statements made by state bodies after the detentions.",
     "Баяндамада қамауға алудан кейін мемлекеттік органдар жасаған мәлімдемелер талданады."),
    ("kk", "Police detained the activists and kept them in custody overnight.",
     "Полиция белсенділерді қамауға алып, түні бойы қамауда ұстады."),
    ("ru", "Several activists were detained for a week.",
     "Несколько активистов были задержаны на неделю."),
    ("fr", "The court heard only two witnesses for the defence.",
     "Le tribunal n’a entendu que deux témoins de la défense."),
    ("ru", "The detainees were held incommunicado for three days.",
     "Задержанных три дня содержали без связи с внешним миром."),
    ("ru", "None of them received medical care.",
     "Никто из них не получил медицинской помощи."),
    ("kk", "None of them received medical care.",
     "Олардың ешқайсысы медициналық көмек алмады."),
    ("fr", "None of them received medical care.",
     "Aucun d’entre eux n’a reçu de soins médicaux."),
    ("kk", "Police dispersed the rally without warning.",
     "Полиция митингіні ескертусіз таратты."),
    ("fr", "The scale of the crackdown was unprecedented.",
     "L’ampleur de la répression a été sans précédent."),
    ("kk", "Presidential elections held on June 9, 2019, were widely seen as unfree and unfair.",
     "2019 жылғы 9 маусымда өткен президент сайлауын көпшілік еркін де, әділ де емес деп "
     "санады."),
    ("ru", "The activist went missing in 2016.",
     "Активист пропал без вести в 2016 году."),
    ("kk", "Authorities must release him immediately and unconditionally.",
     "Билік оны дереу және еш шартсыз босатуы керек."),
    ("fr", "Kazakhstan must release him immediately and unconditionally.",
     "Le Kazakhstan doit le libérer immédiatement et sans condition."),
    ("ru", "Authorities must release him immediately and unconditionally.",
     "Власти должны немедленно и безоговорочно освободить его."),
    # short segments: Kazakh without a Kazakh-only letter, names, numbers, acronyms
    ("kk", "Overview", "Шолу"),
    ("kk", "Max Bokayev", "Макс Боқаев"),
    ("ru", "Zhanaozen, 2011", "Жаңаөзен, 2011"),
    ("kk", "Almaty, 2019", "Алматы, 2019 жыл"),
    ("fr", "Max Bokayev", "Max Bokayev"),
    ("kk", "OSCE/ODIHR", "ЕҚЫҰ/ДИАҚБ"),
    ("ru", "Press release", "Пресс-релиз"),
    ("kk", "Press release", "Баспасөз релизі"),
    ("fr", "Key findings", "Principales conclusions"),
]

# A second set, written after the rules above were settled and measured once as it stands
# (first measurement: omission 6/8 found and 1 false alarm, "Democratic Choice"; negation 10/12;
# language 4/6; the false alarm and one negation miss were then fixed by general changes).
# The misses left are known limits: an omission below half the source's length is the length
# check's to report; a two-word quotation is not looked for; a negation added where the source
# has a weak one (unfounded) is not flagged; a Russian heading without a little word or a
# Russian ending (Хронология событий, Контакты) is not recognised.
HELD_OUT: list[tuple[str, str, str, str, str]] = [
    ("omission", "ru",
     "The Supreme Court upheld the sentence on Tuesday, despite new evidence presented by the "
     "defence that the confession had been obtained under duress.",
     "Во вторник Верховный суд оставил приговор в силе.",
     "Во вторник Верховный суд оставил приговор в силе, несмотря на новые доказательства защиты "
     "о том, что признание было получено под давлением."),
    ("omission", "kk",
     "Human rights defender Yelena Semenova, who documented torture in prisons in Pavlodar, was "
     "banned from leaving the country for two years.",
     "Құқық қорғаушы Елена Семеноваға екі жылға елден шығуға тыйым салынды.",
     "Павлодардағы түрмелердегі азаптау фактілерін құжаттаған құқық қорғаушы Елена Семеноваға "
     "екі жылға елден шығуға тыйым салынды."),
    ("omission", "fr",
     "The journalist Makhambet Abzhan was sentenced to seven years, and his newspaper, "
     "Kazakhstan 2.0, was closed by court order.",
     "Le journaliste Makhambet Abjan a été condamné à sept ans de prison.",
     "Le journaliste Makhambet Abjan a été condamné à sept ans de prison, et son journal, "
     "Kazakhstan 2.0, a été fermé sur décision de justice."),
    ("omission", "ru",
     "Tokayev promised a ‘listening state’ but critics say little has changed.",
     "Токаев обещал слышащее государство, но критики говорят, что мало что изменилось.",
     "Токаев обещал «слышащее государство», но критики говорят, что мало что изменилось."),
    ("omission", "kk",
     "The rally was organised by activists from Oyan, Qazaqstan and the Democratic Choice "
     "movement.",
     "Митингіні «Демократиялық таңдау» қозғалысының белсенділері ұйымдастырды.",
     "Митингіні «Оян, Qazaqstan» және «Демократиялық таңдау» қозғалысының белсенділері "
     "ұйымдастырды."),
    ("omission", "fr",
     "Observers were denied access to several polling stations in Shymkent, and at least one "
     "was forcibly removed by police officers.",
     "Des observateurs se sont vu refuser l’accès à plusieurs bureaux de vote à Chymkent.",
     "Des observateurs se sont vu refuser l’accès à plusieurs bureaux de vote à Chymkent, et au "
     "moins l’un d’eux a été expulsé de force par des policiers."),
    ("omission", "kk",
     "Protesters chanted ‘Shame!’ and ‘We want free elections!’ outside the akimat.",
     "Наразылық білдірушілер әкімдік алдында ұран тастады.",
     "Наразылық білдірушілер әкімдік алдында «Ұят!» және «Біз еркін сайлау қалаймыз!» деп ұран "
     "тастады."),
    ("omission", "ru",
     "The authorities later admitted that at least three detainees had been hospitalised with "
     "injuries sustained in custody.",
     "Позднее власти признали, что трое задержанных были госпитализированы.",
     "Позднее власти признали, что по меньшей мере трое задержанных были госпитализированы с "
     "травмами, полученными под стражей."),
    ("negation", "ru",
     "The police did not return the confiscated phones.",
     "Полиция вернула изъятые телефоны.",
     "Полиция не вернула изъятые телефоны."),
    ("negation", "kk",
     "The defendant was not allowed to call witnesses.",
     "Сотталушыға куәгерлерді шақыруға рұқсат берілді.",
     "Сотталушыға куәгерлерді шақыруға рұқсат берілмеді."),
    ("negation", "fr",
     "No journalist was allowed into the courtroom.",
     "Les journalistes ont été autorisés à entrer dans la salle d’audience.",
     "Aucun journaliste n’a été autorisé à entrer dans la salle d’audience."),
    ("negation", "kk",
     "The authorities registered the new party in March.",
     "Билік жаңа партияны наурызда тіркемеді.",
     "Билік жаңа партияны наурызда тіркеді."),
    ("negation", "fr",
     "The court accepted the appeal.",
     "Le tribunal n’a pas accepté l’appel.",
     "Le tribunal a accepté l’appel."),
    ("negation", "ru",
     "Observers were able to monitor the count.",
     "Наблюдатели не смогли проследить за подсчётом голосов.",
     "Наблюдатели смогли проследить за подсчётом голосов."),
    ("negation", "kk",
     "The government has never investigated these allegations.",
     "Үкімет бұл айыптауларды тергеді.",
     "Үкімет бұл айыптауларды ешқашан тергеген жоқ."),
    ("negation", "ru",
     "He was held for three days without charge.",
     "Его три дня удерживали по обвинению в хулиганстве.",
     "Его три дня удерживали без предъявления обвинений."),
    ("negation", "fr",
     "Nobody has been punished for the killings.",
     "Les responsables de ces meurtres ont été punis.",
     "Personne n’a été puni pour ces meurtres."),
    ("negation", "kk",
     "Families cannot visit detainees without permission from the investigator.",
     "Отбасылар тергеушінің рұқсатымен ұсталғандарға бара алады.",
     "Отбасылар тергеушінің рұқсатынсыз ұсталғандарға бара алмайды."),
    ("negation", "ru",
     "The activist was released after the court found the charges unfounded.",
     "Активистку не освободили, хотя суд признал обвинения необоснованными.",
     "Активистку освободили после того, как суд признал обвинения необоснованными."),
    ("negation", "fr",
     "Independent media have never been allowed to operate freely.",
     "Les médias indépendants ont toujours pu travailler librement.",
     "Les médias indépendants n’ont jamais pu travailler librement."),
    ("language", "kk",
     "Timeline",
     "Хронология событий",
     "Оқиғалар хронологиясы"),
    ("language", "kk",
     "Our demands",
     "Наши требования",
     "Біздің талаптарымыз"),
    ("language", "ru",
     "Key dates",
     "Негізгі күндер",
     "Ключевые даты"),
    ("language", "fr",
     "About the report",
     "About this report",
     "À propos du rapport"),
    ("language", "kk",
     "Contacts",
     "Контакты",
     "Байланыс"),
    ("language", "ru",
     "Related news",
     "Қатысты жаңалықтар",
     "Похожие новости"),
]
HELD_OUT_CORRECT: list[tuple[str, str, str]] = [
    ("ru",
     "The police did not give any reason for the arrests.",
     "Полиция никак не объяснила задержания."),
    ("kk",
     "Nobody was injured.",
     "Ешкім зардап шеккен жоқ."),
    ("fr",
     "The hearing was postponed without explanation.",
     "L’audience a été reportée sans explication."),
    ("kk",
     "Only two lawyers were allowed to attend.",
     "Тек екі адвокатқа ғана қатысуға рұқсат етілді."),
    ("ru",
     "The activists refused to pay the fines.",
     "Активисты отказались платить штрафы."),
    ("kk",
     "The activists refused to pay the fines.",
     "Белсенділер айыппұл төлеуден бас тартты."),
    ("fr",
     "The activists refused to pay the fines.",
     "Les militants ont refusé de payer les amendes."),
    ("kk",
     "The court ignored the defence’s arguments.",
     "Сот қорғау тарапының дәлелдерін елемеді."),
    ("ru",
     "Lawyers had no access to their clients for a week.",
     "Адвокаты неделю не имели доступа к своим подзащитным."),
    ("kk",
     "The authorities have yet to respond.",
     "Билік әлі жауап берген жоқ."),
    ("fr",
     "Neither the prosecutor nor the judge responded to our letter.",
     "Ni le procureur ni le juge n’ont répondu à notre lettre."),
    ("ru",
     "The trial took place behind closed doors.",
     "Суд прошёл за закрытыми дверями."),
    ("kk",
     "Lawyer Zhanara Balgabayeva said her client Askhat Zheksebayev had been beaten in the "
     "detention centre in Almaty.",
     "Адвокат Жанара Балғабаева өзінің қорғауындағы Асхат Жексебаевтың Алматыдағы тергеу "
     "изоляторында ұрып-соғылғанын айтты."),
    ("fr",
     "According to the lawyer, Askhat Zheksebayev was placed in solitary confinement for ten "
     "days after complaining about his treatment.",
     "Selon l’avocate, Askhat Jeksebaïev a été placé à l’isolement pendant dix jours après "
     "s’être plaint de ses conditions de détention."),
    ("ru",
     "The government has so far failed to take any meaningful steps to address these concerns.",
     "Правительство пока ничего не сделало для решения этих проблем."),
    ("fr",
     "‘This is a dark day for freedom of expression in Kazakhstan,’ said the director.",
     f"«{NB}C’est un jour sombre pour la liberté d’expression au Kazakhstan{NB}», a déclaré le "
     "directeur."),
    ("kk",
     "Amnesty International called the verdict ‘a travesty of justice’.",
     "Amnesty International үкімді «әділеттің мазағы» деп атады."),
    ("ru",
     "Riots broke out in Zhanaozen in December 2011.",
     "В декабре 2011 года в Жанаозене вспыхнули беспорядки."),
    ("kk",
     "Recommendations to the authorities",
     "Билікке ұсыныстар"),
    ("ru",
     "Notes to editors",
     "Примечание для редакторов"),
]
#: The held-out set's misses, as measured (see above).
HELD_OUT_MISSES = {"omission": 2, "negation": 1, "language": 2}

NEW_CHECKS = ("omission", "negation", "language")


def _found(source: str, target: str, lang: str) -> set[str]:
    return {name for name, _, _ in check_text(source, target, lang, langs=("kk", "ru", "fr"),
                                              glossary=GLOSSARY, checks=NEW_CHECKS)}


@pytest.mark.parametrize("i", range(len(PLANTED)),
                         ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(PLANTED)])
def test_planted_error_is_found(i: int) -> None:
    name, lang, source, bad, _ = PLANTED[i]
    assert name in _found(source, bad, lang), bad


@pytest.mark.parametrize("i", range(len(PLANTED)),
                         ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(PLANTED)])
def test_correct_twin_is_silent(i: int) -> None:
    _, lang, source, _, good = PLANTED[i]
    assert _found(source, good, lang) == set(), good


@pytest.mark.parametrize(("lang", "source", "target"), CORRECT)
def test_tricky_correct_translation_is_silent(lang: str, source: str, target: str) -> None:
    assert _found(source, target, lang) == set(), target


def test_recall_and_precision_per_check(capsys: pytest.CaptureFixture[str]) -> None:
    lines, perfect = [], True
    for name in NEW_CHECKS:
        cases = [c for c in PLANTED if c[0] == name]
        hits = sum(1 for c in cases if name in _found(c[2], c[3], c[1]))
        false = sum(1 for c in cases if name in _found(c[2], c[4], c[1]))
        false += sum(1 for lang, s, t in CORRECT if name in _found(s, t, lang))
        recall, precision = hits / len(cases), hits / (hits + false) if hits else 0.0
        lines.append(f"{name}: recall {recall:.2f} ({hits}/{len(cases)}), precision "
                     f"{precision:.2f} ({false} false alarms on {len(cases)} twins and "
                     f"{len(CORRECT)} tricky correct translations)")
        perfect = perfect and recall == 1.0 and false == 0
    with capsys.disabled():
        print("\nmeaning checks on our planted set:\n  " + "\n  ".join(lines))
    assert perfect


def test_held_out_set(capsys: pytest.CaptureFixture[str]) -> None:
    lines = []
    for name in NEW_CHECKS:
        cases = [c for c in HELD_OUT if c[0] == name]
        hits = sum(1 for c in cases if name in _found(c[2], c[3], c[1]))
        false = sum(1 for c in cases if name in _found(c[2], c[4], c[1]))
        false += sum(1 for lang, s, t in HELD_OUT_CORRECT if name in _found(s, t, lang))
        lines.append(f"{name}: recall {hits / len(cases):.2f} ({hits}/{len(cases)}), "
                     f"{false} false alarms on {len(cases)} twins and "
                     f"{len(HELD_OUT_CORRECT)} correct translations")
        assert false == 0 and len(cases) - hits <= HELD_OUT_MISSES[name], lines[-1]
    with capsys.disabled():
        print("\nmeaning checks on the held-out set:\n  " + "\n  ".join(lines))


# ---------------------------------------------------------------- negation counting


@pytest.mark.parametrize(("lang", "text", "strong"), [
    ("en", "Lawyers were not allowed in.", 1),
    ("en", "They didn’t and couldn't say.", 1),  # two negators side by side: one negation
    ("en", "Neither the lawyers nor the relatives were told.", 1),
    ("en", "No fewer than 40 people were held; No. 5 was freed.", 0),
    ("ru", "Ни адвокатов, ни родственников не уведомили.", 1),  # counted once
    ("ru", "Несколько активистов задержали на неделю.", 0),
    ("ru", "Задержаны не менее 40 человек, что бы ни говорили власти.", 0),
    ("ru", "Власти не ответили. Никто не знает, где он.", 2),
    ("fr", "Le tribunal n’a entendu que deux témoins.", 0),
    ("fr", "Ils n’ont ni avocat ni famille.", 1),
    ("fr", "Avant que la police ne disperse la foule, une personne a parlé.", 0),
    ("fr", "Ils ont fait un pas vers le dialogue, sans doute.", 0),
    ("kk", "Бұл жазасыздықтың соңы ма?", 0),
    ("kk", "Баяндамада мемлекеттік органдардың мәлімдемелері қамауға алу туралы.", 0),
    ("kk", "Ол келмеді, бірақ хабарламасын жіберді.", 1),
    ("kk", "Олар ешқашан жауап берген емес.", 1),
    ("kk", "Журналистер аккредитация ала алмады.", 1),
    ("kk", "Оны қамады да, сабады да.", 0),
])
def test_negations_counted(lang: str, text: str, strong: int) -> None:
    assert len(negations(text, lang)[0]) == strong


# ---------------------------------------------------------------- learned length ratio


def test_length_ratio_is_learned_robustly() -> None:
    source = "x" * 80
    pairs = [(source, "y" * (100 + i % 7)) for i in range(MIN_PAIRS)]
    learned = learn_length_ratio(pairs + [(source, "y")] * 3)  # outliers barely move it
    assert learned is not None and learned.pairs == MIN_PAIRS + 3
    assert 1.25 <= learned.median <= 1.32 and learned.spread < 0.1
    assert learn_length_ratio(pairs[:MIN_PAIRS - 1]) is None  # too few: defaults
    short = [("short", "y" * 10)] * 50  # sources shorter than LENGTH_MIN_SOURCE do not count
    assert learn_length_ratio(short) is None
    assert all(len(s) < LENGTH_MIN_SOURCE for s, _ in short)


def test_defaults_documented_for_every_target() -> None:
    assert set(DEFAULT_LENGTH_RATIOS) >= {"kk", "ru", "fr"}


def test_runner_learns_the_ratio_from_the_workspace(tmp_path: Path) -> None:
    """A workspace whose reviewed French runs 1.7× the English: a translation at 1.06× is
    flagged there, though it is well within the default French ratio."""
    source = ("The authorities detained dozens of peaceful protesters in the centre of the "
              "city on Saturday afternoon.")
    long_fr = ("Samedi après-midi, dans le centre-ville, les autorités ont procédé à "
               "l’interpellation de plusieurs dizaines de manifestants parfaitement pacifiques, "
               "selon de nombreux témoins.")
    usual_fr = ("Samedi après-midi, les autorités ont interpellé des dizaines de manifestants "
                "pacifiques dans le centre-ville.")
    assert check_text(source, usual_fr, "fr", checks=["omission"]) == []  # defaults: fine
    entries = [polib.POEntry(msgctxt=f"c{i}", msgid=source, msgstr=long_fr)
               for i in range(MIN_PAIRS)]
    ws = make_workspace(tmp_path / "ws", {
        ("old", "fr"): entries,
        ("new", "fr"): [polib.POEntry(msgid=source, msgstr=usual_fr)],
    })
    found = [f for f in check_workspace(ws, ["new"]).findings if f.check == "omission"]
    median = len(long_fr) / len(source)
    assert [f.message for f in found] == [
        f"is part of the source missing? it is {len(usual_fr) / len(source):.2f}× the source's "
        f"length where fr translations run {median:.2f}× (learned from {MIN_PAIRS + 1} "
        "reviewed pairs)"]
    # Fuzzy entries (unreviewed suggestions) are not learned from: with them only, defaults.
    for e in entries:
        e.flags.append("fuzzy")
    ws = make_workspace(tmp_path / "ws2", {("old", "fr"): entries,
                                           ("new", "fr"): [polib.POEntry(msgid=source,
                                                                         msgstr=usual_fr)]})
    assert [f for f in check_workspace(ws, ["new"]).findings if f.check == "omission"] == []


# ---------------------------------------------------------------- real PO files


def test_real_po_files_false_alarms(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Other projects' published translations (UI strings). Their confirmed translations raise
    3 findings, all false: paraphrases without the source's negation ("is not unique" as
    "already exists", "did not terminate normally" as "terminated with an error", and
    "successfully" as "без ошибки"). Their fuzzy entries raise 4, all true: each is the
    translation of an older source (a shorter option text, another option's help)."""
    names = sorted(p.name for p in REAL_PO.glob("*.po")) if REAL_PO.exists() else []
    if not names:
        pytest.skip("/work/shared/real_po is not available")
    counts: dict[str, int] = {}
    for name in names:
        release, lang = name.split(".")[:2]
        ws = make_workspace(tmp_path / name, {})
        (ws.locales_dir / "templates").mkdir(parents=True, exist_ok=True)
        (ws.locales_dir / "templates" / f"{release}.pot").write_text(
            'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n', "utf-8")
        target = ws.po_path(release, lang)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(REAL_PO / name)
        result = check_workspace(ws, [release], [lang])
        for f in result.findings:
            if f.check in NEW_CHECKS:
                key = f"{name} {f.check}{' (fuzzy)' if f.fuzzy else ''}"
                counts[key] = counts.get(key, 0) + 1
    confirmed = sum(n for key, n in counts.items() if "fuzzy" not in key)
    with capsys.disabled():
        print(f"\nmeaning checks on real_po: {sum(counts.values())} findings, {confirmed} on "
              f"confirmed translations: {counts}")
    assert confirmed <= 3, counts


# --- what the independent reviewer's set showed (issue 10) ----------------------------------

REPO_GLOSSARY = load_glossary(ROOT / "glossary", ["kk", "ru", "fr"])


def test_an_admitted_abbreviation_does_not_make_a_translation_look_short() -> None:
    source = ("Kazakhstan chaired the Organization for Security and Co-operation in Europe "
              "in 2010.")
    assert check_text(source, "Қазақстан 2010 жылы ЕҚЫҰ-ға төрағалық етті.", "kk",
                      glossary=REPO_GLOSSARY, checks=["omission"]) == []
    # The term counts as its shortest rendering; a translation that lost it is the
    # glossary check's to report.
    assert [c for c, _, _ in check_text(source, "Қазақстан 2010 жылы төрағалық етті.", "kk",
                                        glossary=REPO_GLOSSARY,
                                        checks=["omission", "glossary"])] == ["glossary"]


@pytest.mark.parametrize("source, target, lang", [
    ("The UN Committee against Torture asked the authorities to investigate the case "
     "of the detained activists.",
     "Комитет ООН против пыток призвал власти расследовать дело задержанных активистов.", "ru"),
    ("The Office of the High Commissioner for Human Rights published its report on the "
     "trials in Almaty.",
     "Управление Верховного комиссара по правам человека опубликовало доклад о процессах "
     "в Алматы.", "ru"),
])
def test_words_of_an_institutions_name_joined_by_of_or_against_are_not_names(
        source: str, target: str, lang: str) -> None:
    assert check_text(source, target, lang, glossary=REPO_GLOSSARY, checks=["omission"]) == []


def test_names_joined_by_and_stay_separate_names() -> None:
    source = "Journalists from Radio Azattyq and Vlast.kz were also detained while covering it."
    target = "Des journalistes de Radio Azattyq ont également été interpellés pendant ce temps."
    assert [c for c, _, _ in check_text(source, target, "fr", checks=["omission"])] == [
        "omission"]


@pytest.mark.parametrize("text, lang, strong", [
    ("«Маған егер қол қоймасам, отбасымды қудалайтындарын айтты», — деді ол.", "kk",
     ("қоймасам",)),
    ("Егер сот шешім шығармаса, ол босатылады.", "kk", ("шығармаса",)),
    ("Городской суд Алматы 28 ноября оставил приговор без изменения.", "ru", ()),
    ("Суд оставил жалобу без удовлетворения.", "ru", ()),
    ("Его держали без связи с адвокатом.", "ru", ("без",)),
])
def test_conditional_negation_and_legal_formulas(text: str, lang: str,
                                                 strong: tuple[str, ...]) -> None:
    assert negations(text, lang)[0] == strong


def test_length_ratio_measures_each_distinct_pair_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Issue 10 item 6: a workspace's releases repeat most pairs; the runner learns the ratio
    # between reading and checking, while the worker processes wait.
    from l10n.qa import meaning

    pairs = [(f"The observers counted {n} polling stations where the rules were broken.",
              f"Наблюдатели насчитали {n} избирательных участков, где нарушались правила.")
             for n in range(30)]
    calls = []
    real = meaning._plain
    monkeypatch.setattr(meaning, "_plain", lambda text: calls.append(text) or real(text))
    once = meaning.learn_length_ratio(pairs)
    calls.clear()
    many = meaning.learn_length_ratio(pairs * 100)
    assert len(calls) == 2 * len(pairs)
    assert once is not None and many is not None
    assert (many.median, many.spread, many.pairs) == (once.median, once.spread, 3000)


_NEGATION_WORDS = ("not", "No.", "no", "never", "without", "не", "ни", "нет", "без", "ne",
                   "pas", "sans", "n’a", "емес", "жоқ", "барма", "келмеді", "unable", "the",
                   "people", "люди", "адам", "<1>", "</1>", "www.x9.org", "a1@b2.kz", ",", ".",
                   "—", "«", "»", "(", ")")


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.one_of(st.sampled_from(_NEGATION_WORDS),
                                st.from_regex(r"[0-9]{1,4}(?:[.,][0-9]{1,2})?", fullmatch=True)),
                      max_size=14),
       lang=st.sampled_from(["en", "ru", "fr", "kk"]), seed=st.integers(0, 9),
       glue=st.sampled_from([" ", "", "-"]))
def test_negations_ignore_digit_values(words: list[str], lang: str, seed: int,
                                       glue: str) -> None:
    """``negations`` looks its result up by the text with every digit made 0: sound only
    because the uncached analysis gives the same result whatever the digits are."""
    text = glue.join(words)
    other = re.sub(r"\d", lambda m: str((int(m.group()) + seed) % 10), text)
    assert _negations(text, lang) == _negations(other, lang)
    assert negations(text, lang) == _negations(text, lang)
