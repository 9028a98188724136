"""The documents of the ethics suite: fictional reports in news style, every name made up.

Three groups:
(a) legal outcomes that are not a conviction: negated, hoped for, rumoured and denied,
    overturned, dropped, released, acquitted;
(b) ordinary ways a report names a victim, each with the name in the title as well;
(c) a broker named beside a victim.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Case:
    key: str
    title: str
    body: str
    victims: tuple[str, ...] = ()      # full names that must never be shown
    not_convicted: tuple[str, ...] = ()  # people no layer may show as convicted
    brokers: tuple[str, ...] = ()      # perpetrators whose names stay visible
    words: tuple[str, ...] = field(default=())  # ordinary search words that find the case

    @property
    def text(self) -> str:
        """The file as ingested: a Markdown heading gives the document its title."""
        return f"# {self.title}\n\n{self.body}\n"

    @property
    def filename(self) -> str:
        return f"{self.key}.md"


NEGATIONS = [
    Case("neg-never", "Kidney broker accused in Nepal villages",
         "KATHMANDU, March 3, 2021 - Villagers in Kavre district accused a kidney broker, "
         "Dev Rana, of luring poor farmers to sell their kidneys at a hospital in India for "
         "200,000 rupees each, but he has never been convicted of any crime, his lawyer said.",
         not_convicted=("Dev Rana",)),
    Case("neg-not", "Dhaka court hears organ trafficking case",
         "DHAKA, July 8, 2020 - A court in Dhaka heard the case of Karim Ahsan, a broker "
         "accused of selling the kidneys of day labourers to buyers in India. Ahsan was not "
         "convicted, and the prosecution said it would appeal.",
         not_convicted=("Karim Ahsan",)),
    Case("neg-soon", "Lagos officials promise trafficking verdict",
         "LAGOS, February 12, 2022 - Officials said the trafficker Emeka Obiora, accused of "
         "sending young women to Italy with false promises of work, would be convicted soon of human trafficking. "
         "No charges have been filed so far, a police spokesman said.",
         not_convicted=("Emeka Obiora",)),
    Case("neg-rumour", "Rumours of kidney broker verdict in Budapest",
         "BUDAPEST, May 20, 2019 - Rumours say the broker Tamas Vargely was convicted of "
         "selling kidneys from Moldovan donors to patients in Germany, but police deny any "
         "case exists.",
         not_convicted=("Tamas Vargely",)),
    Case("neg-overturned", "Chennai transplant surgeon wins appeal",
         "CHENNAI, November 2, 2022 - The conviction of surgeon Ravi Menakshan for illegal "
         "kidney transplants from paid donors at a private hospital was overturned on appeal "
         "by the Madras High Court.",
         not_convicted=("Ravi Menakshan",)),
    Case("neg-dropped", "Charges dropped against Romanian recruiter",
         "BUCHAREST, September 14, 2020 - Charges against the recruiter Ana Petrovanu, who "
         "was accused of trafficking women from Romania to Italy for sexual exploitation, "
         "were dropped after the main witness withdrew.",
         not_convicted=("Ana Petrovanu",)),
    Case("neg-released", "Suspected organ broker freed in Manila",
         "MANILA, April 6, 2021 - Police in Manila arrested a suspected organ broker, Ramon "
         "Dacanay, who allegedly recruited slum dwellers to sell kidneys, but he was released "
         "without charge two days later.",
         not_convicted=("Ramon Dacanay",)),
    Case("neg-acquitted", "Cairo court acquits kidney broker",
         "CAIRO, October 30, 2019 - A criminal court in Cairo acquitted the broker Hany "
         "Fawzallah of organ trafficking charges. Prosecutors had accused him of buying "
         "kidneys from Sudanese migrants for transplant in private clinics.",
         not_convicted=("Hany Fawzallah",)),
    # The overturning told first, of "a man"; the sentence given after, in the past perfect.
    Case("neg-overturned-before", "Appeals court frees kidney broker",
         "BELGRADE, March 12, 2024 - An appeals court on Tuesday overturned the conviction of a "
         "man found guilty last year of brokering the sale of kidneys from poor villagers to "
         "foreign patients, citing flaws in the evidence. Omar Dalovic had been sentenced to "
         "seven years in prison in 2023. The court ordered his immediate release.",
         not_convicted=("Omar Dalovic",)),
    # A higher court's acquittal of "a woman who had been convicted by a lower court".
    Case("neg-acquitted-on-appeal", "Supreme Court frees woman convicted of trafficking",
         "NAIROBI, June 3, 2024 - The Supreme Court on Monday acquitted a woman who had been "
         "convicted by a lower court of trafficking three girls to work as maids in 2018, "
         "ruling that the evidence against her was unreliable. Fatima Noor Abdi, 39, had been "
         "sentenced to ten years in prison in 2020. She walked free on Monday evening.",
         not_convicted=("Fatima Noor Abdi",)),
    # The lede's quashing, the conviction told after it in the simple past.
    Case("neg-quashed-lede", "Trafficking conviction quashed after niece recants",
         "MOMBASA, April 2, 2024 - A man jailed for trafficking his niece to work as a maid has "
         "had his conviction quashed after she withdrew her testimony.\n\nAli Hamisi Juma, "
         "52, was convicted in 2022 and sentenced to eight years. The appeals court ordered "
         "his release on Friday.",
         not_convicted=("Ali Hamisi Juma",)),
    # The quashing told first, of the man by name (a name the entity model leaves untagged
    # in that sentence); the sentence given after, in the past perfect.
    Case("neg-quashed-named", "Appeal court quashes car wash trafficking conviction",
         "LONDON, May 5, 2024 - The Court of Appeal in London quashed the conviction of Gareth "
         "Pike on Tuesday, ruling that his trial for trafficking three Romanian women to work "
         "in car washes had been unfair. Pike had been sentenced to eight years in 2019. "
         "Prosecutors said they would seek a retrial.",
         not_convicted=("Gareth Pike",)),
    # Acquitted of the trade's crime, jailed for another: no layer shows the trade's
    # conviction.
    Case("neg-acquitted-jailed-other", "Nairobi nurse cleared of kidney trafficking, jailed for forgery",
         "NAIROBI, March 3, 2024 - A Nairobi court on Friday acquitted former nurse Wanjiru "
         "Kibet of organ trafficking but sentenced her to two years in prison for forging "
         "hospital records. Prosecutors had alleged that Kibet helped a broker recruit young "
         "men from Kibera to sell their kidneys to foreign patients at a private clinic.",
         not_convicted=("Wanjiru Kibet",)),
]

VICTIMS = [
    Case("victim-apposition", "Maribel Quintero, 19, lured to Buenos Aires with fake job offer",
         "LIMA, May 4, 2022 - The victim, Maribel Quintero, 19, was lured from Cusco to "
         "Buenos Aires with the promise of a job in a restaurant, police investigating a human "
         "trafficking ring said. Traffickers took her passport and forced her into sexual exploitation in a flat in the city. "
         "Quintero escaped in March and told investigators she had been threatened every day.",
         victims=("Maribel Quintero",), words=("restaurant",)),
    Case("victim-object", "Broker trafficked Oksana Melnychuk to Turkey, court hears",
         "ISTANBUL, August 19, 2021 - The broker trafficked Oksana Melnychuk from Odesa to "
         "Istanbul in 2019, promising her work as a nanny, prosecutors told the human trafficking "
         "trial. In Istanbul she was held in an apartment and forced into prostitution. Melnychuk's "
         "mother reported her missing to Ukrainian police.",
         victims=("Oksana Melnychuk",), words=("nanny",)),
    Case("victim-relative", "Nadia Harouni, trafficked to Lebanon, returns home",
         "ADDIS ABABA, January 9, 2023 - Nadia Harouni, who was trafficked to Beirut by a "
         "recruitment agency in 2021 in a human trafficking scheme, returned to Ethiopia this week. The agency had promised "
         "her a job as a domestic worker; her employer confiscated her passport and did not "
         "pay her for 18 months. Harouni said other women were still held.",
         victims=("Nadia Harouni",), words=("domestic",)),
    Case("victim-survivor", "Survivor Elif Demirkaya tells of forced labour on farm",
         "ANKARA, June 15, 2022 - Survivor Elif Demirkaya told a parliamentary hearing how "
         "labour traffickers recruited her in a village near Van and forced her to work "
         "without pay on a hazelnut farm. Demirkaya said the recruiters kept her wages and "
         "threatened her family.",
         victims=("Elif Demirkaya",), words=("hazelnut",)),
    Case("victim-possessive", "Broker sold Kofi Mensaba's kidney to foreign patient",
         "ACCRA, March 28, 2023 - A broker paid 3,000 dollars for Kofi Mensaba's kidney and "
         "sold it to a foreign patient at a clinic in Accra for 40,000 dollars, according to "
         "a report by a local rights group. Mensaba, a porter from Kumasi, said he was never "
         "told about the risks of the operation.",
         victims=("Kofi Mensaba",), words=("porter",)),
    Case("victim-subject", "Priya Lamsalni recruited and deceived by job agent",
         "KATHMANDU, October 3, 2021 - Priya Lamsalni was recruited by a manpower agent in "
         "Sindhupalchok, a district hit hard by human trafficking, and deceived about a job in a Malaysian factory, where she was made "
         "to work 16 hours a day without pay. Lamsalni's passport was taken on arrival.",
         victims=("Priya Lamsalni",), words=("factory",)),
    # Her own words first, her name after them ("'I was sold,' said X"), and a story told
    # of what her employer did to her.
    Case("victim-quoted", "Amina Warsame Hadi tells of years in a Gulf household",
         "MOMBASA, May 9, 2024 - Amina Warsame Hadi was 19 when a recruiter in Mombasa "
         "offered her a job as a nanny in Riyadh. Instead, she says, her employer locked her "
         "in the house and beat her when she asked for her wages. \"I was sold like a "
         "goat,\" said Hadi, who escaped in 2019. The recruiter, Joseph Mwangi Karanu, was "
         "charged with human trafficking last year.",
         victims=("Amina Warsame Hadi",), words=("nanny",)),
    # Named after "The boy," and harmed as "He" in the next sentence.
    Case("victim-boy", "Minh Quoc Tran found on cannabis farm in police raid",
         "LEEDS, October 3, 2022 - Police found a 16-year-old boy during a raid on a cannabis "
         "farm run by a trafficking gang, officers said. The boy, Minh Quoc Tran, had been "
         "brought to the country in the back of a lorry by a gang that promised him work in a "
         "nail bar. He was locked inside the house and forced to tend the plants. The gang's "
         "leader, Duc Van Pham, was convicted of human trafficking in May.",
         victims=("Minh Quoc Tran",), words=("cannabis",)),
    # Trafficked first, then made to recruit and jailed for it: a victim all the same.
    Case("victim-offender", "Joy Adaeze Eke jailed for recruiting girls for her madam",
         "TURIN, May 14, 2024 - A woman who was trafficked to Italy as a teenager and later "
         "forced by her madam to recruit other girls from Benin City has been jailed for four "
         "years, a charity that supports her said. Joy Adaeze Eke, now 24, was convicted of "
         "aiding human trafficking. Her lawyers argued she acted under threat.",
         victims=("Joy Adaeze Eke",), words=("madam",)),
    # She tells the court what a man she names did to her; the lede's "the man accused"
    # is his, not hers.
    Case("victim-testifies", "Lena Volkova testifies at Warsaw recruitment trial",
         "WARSAW, March 2, 2023 - A woman who was trafficked to Germany as a teenager "
         "testified on Monday against the man accused of recruiting her. Lena Volkova, now "
         "24, told the court that Piotr Daszek promised her a job in a hotel and then sold her "
         "to a club owner in Berlin. Daszek has denied the charges.",
         victims=("Lena Volkova",), words=("hotel",)),
    # A ruling calls her a victim; the court's name for her follows the noun.
    Case("victim-named-in-court", "Court rules Xuan Thao Dinh, found on cannabis farm, was trafficked",
         "LEEDS, September 9, 2022 - A 16-year-old girl from Vietnam who was arrested at a "
         "cannabis farm in Leeds was a victim of modern slavery and should not have been "
         "prosecuted, the Court of Appeal ruled. The girl, named in court as Xuan Thao Dinh, had "
         "been smuggled into Britain in a lorry and forced to tend plants by a gang whose "
         "leader was jailed for human trafficking in 2021.",
         victims=("Xuan Thao Dinh",), words=("cannabis",)),
]

BESIDE = [
    Case("broker-beside-victim", "Broker Suresh Pillaikar held over sale of Kavitha Ramanan's kidney",
         "CHENNAI, June 2, 2023 - Police arrested a kidney broker, Suresh Pillaikar, 45, on "
         "Friday. Investigators said Pillaikar recruited Kavitha Ramanan, a 28-year-old "
         "garment worker, and sold her kidney to a private hospital for 400,000 rupees. "
         "Ramanan said she received only 50,000 rupees.",
         victims=("Kavitha Ramanan",), brokers=("Suresh Pillaikar",), words=("garment",)),
]

EXTRACTED = NEGATIONS + VICTIMS + BESIDE
