"""Texts written for these tests, in the styles the extractor meets (never copied from the
dev data or the seed article): a news story, a wire report, coders' one-paragraph notes."""

from __future__ import annotations

from datetime import date
from typing import Any

from geomap.extract import extract_text

ARTICLE_DATE = date(2024, 8, 5)  # a Monday


def events_of(text: str) -> list[dict[str, Any]]:
    """The events `extract_text` drafts from *text*, as JSON, published on ARTICLE_DATE."""
    events: list[dict[str, Any]] = extract_text(text, article_date=ARTICLE_DATE).to_json()[
        "events"]
    return events

# The seed story in our own words: the battle is told without naming a town.
SEED_LIKE = (
    "Mali broke off diplomatic relations with Ukraine on Sunday after an assault by an al "
    "Qaeda-linked group on Malian troops. Kyiv said the decision was hasty.\n"
    "Late last month, armed opposition groups, among them an al Qaeda branch in the Sahel, "
    "JNIM, killed dozens of Malian soldiers and fighters of the Russian Wagner Group, which "
    "backs the government in Bamako.\n"
    "A spokesman for Ukraine's SBU security service, Andriy Yusov, said Kyiv helped JNIM in "
    "the assault. Around 80 Russian fighters died, as did close to 50 Malian soldiers, the "
    "militants said.\n"
    "Bamako voiced outrage and called the remarks proof of Kyiv's role in the killing of its "
    "soldiers.\n"
    "Mali's government spokesman, Colonel Abdoulaye Maiga, condemned Ukraine for backing "
    "JNIM.\n"
    "Kyiv replied that Bamako had failed to provide evidence that Ukraine supported the "
    "militants.\n"
)

# A wire report on the same battle that names where it happened.
WIRE = (
    "BAMAKO, July 29 (wire) - Tuareg-led rebels and al Qaeda-linked fighters said they "
    "killed dozens of Malian soldiers and Russian Wagner mercenaries in fighting from July "
    "25-27 near Tinzaouaten, close to the Algerian border. The rebels said 47 Malian soldiers "
    "and 84 Wagner fighters were killed. The Malian army said it lost two soldiers and "
    "killed around 20 rebels. Algeria called for restraint."
)

# Two cities struck the same night, and fighting elsewhere the same day.
STRIKES = (
    "Russian missiles and drones struck Kharkiv and Zaporizhzhia overnight, killing at least "
    "seven civilians, regional governors said on Saturday. In the Donetsk region, Russian "
    "forces attacked Ukrainian positions near Pokrovsk."
)

# Coders' notes: one event each, with its type, where and who.
NOTES = [
    ("On 12 March 2024, Al Shabaab militants attacked an SNA base in Mogadishu (Banadir), "
     "killing four soldiers. The militants withdrew after a two-hour gunfight.",
     "Battles", "Mogadishu", "Al Shabaab"),
    ("On 3 May 2023, unidentified gunmen shot dead a trader in Gao (Gao, Gao).",
     "Violence against civilians", "Gao", None),
    ("On 20 June 2024, Russian forces shelled Kupiansk (Kupiansk, Kharkiv), injuring two "
     "civilians.", "Explosions/Remote violence", "Kupyansk", None),
    ("On 5 April 2024, around 300 people protested in Dakar (Dakar, Dakar) against the "
     "postponement of the election.", "Protests", "Dakar", None),
    ("On 14 July 2023, a mob lynched a suspected thief in Kano (Kano Municipal, Kano).",
     "Riots", "Kano", None),
    ("On 8 February 2024, police arrested 12 members of IPOB in Owerri (Owerri Municipal, "
     "Imo).", "Strategic developments", "Owerri", "IPOB"),
    ("On 2 September 2023, Fano militiamen clashed with Ethiopian soldiers near Bahir Dar "
     "(Bahir Dar, Amhara). Several fighters were killed on both sides.",
     "Battles", "Bahir Dar", "Fano"),
    ("On 17 November 2023, a roadside bomb planted by ISWAP fighters killed three Nigerian "
     "soldiers near Maiduguri (Maiduguri, Borno).", "Explosions/Remote violence",
     "Maiduguri", "ISWAP"),
    # a village the gazetteer lacks, named with no locative: the district in the brackets
    ("On 9 October 2023, Fulani militiamen attacked Ngwom village (Bassa, Plateau), killing "
     "six villagers.", "Violence against civilians", "Bassa", "Fulani"),
    # a namesake abroad (Welingara, Gambia) gives way to the coders' district in Mali
    ("On 21 March 2024, FAMa soldiers arrested 14 herders in Welingara (Nara, Koulikoro).",
     "Strategic developments", "Nara", "FAMa"),
    # a capital naming a building is the place, not the state
    ("On 20 April 2023, the RSF shelled the vicinity of the Khartoum general hospital "
     "(Khartoum, Khartoum), killing four civilians.", "Explosions/Remote violence",
     "Khartoum", "RSF"),
    # near a building that is "in X": X is the place
    ("On 8 July 2024, a car bomb exploded near the Turkish embassy in Mogadishu, killing "
     "three passers-by.", "Explosions/Remote violence", "Mogadishu", None),
    # "the road between A and B" is one place, not two incidents
    ("On 9 May 2024, gunmen kidnapped three aid workers on the road between Tahoua and "
     "Tillia (Tillia, Tahoua).", "Violence against civilians", "Tahoua", None),
    # a state's forces and its soldiers are one side: the toll sentence joins the clash
    ("On 4 February 2024, HTS fighters clashed with Syrian government forces near Kafr Nabl "
     "(Maaret An Nu'man, Idleb). Three government soldiers were killed.", "Battles",
     "Kafranbel", "HTS"),
    # the group that claims the attack in the next sentence is who acted
    ("On 3 May 2024, a suicide bomber blew himself up at a police checkpoint in Peshawar "
     "(Peshawar, Khyber Pakhtunkhwa), killing two officers. The TTP claimed responsibility.",
     "Explosions/Remote violence", "Peshawar", "TTP"),
    ("On 11 March 2024, the Taliban publicly flogged two women in Ghazni city (Ghazni, "
     "Ghazni).", "Violence against civilians", "Ghazni", "Taliban"),
    ("On 2 August 2024, about 80 nurses held a strike outside the Ministry of Health in "
     "Accra (Accra, Greater Accra) over unpaid salaries.", "Protests", "Accra", None),
    # a country the note names only in the brackets: believed when district and province
    # agree on it
    ("On 22 August 2023, Israeli forces raided Jenin camp (Jenin, Jenin) and exchanged fire "
     "with gunmen.", "Battles", "Janīn", None),
    # the next sentence goes on telling the incident: the defenders and the toll join it
    ("On 18 April 2024, Al Shabaab militants attacked an army base in Bariire (Afgooye, "
     "Lower Shabelle) and stormed its gate. The soldiers repulsed the assault. At least 8 "
     "militants were killed, according to the army.", "Battles", "Afgooye", "Al Shabaab"),
    # arrests of the marchers are the protest's intervention, not a second event
    ("On 16 October 2023, students marched in Kampala (Kampala, Kampala) against the oil "
     "pipeline. Police arrested 11 of them.", "Protests", "Kampala", None),
    # "accused of collaborating with the army": the army is neither a target nor a speaker
    ("On 2 September 2024, JNIM militants shot dead three civilians accused of collaborating "
     "with the army in Diafarabe (Tenenkou, Mopti).", "Violence against civilians",
     "Diafarabé", "JNIM"),
    # one unarmed victim named by trade: violence against civilians, not a battle
    ("On 12 June 2024, gunmen killed a village chief in Tillaberi (Tillaberi, Tillaberi).",
     "Violence against civilians", "Tillabéri", None),
    ("On 3 March 2024, military aircraft struck a house in Idlib (Idlib, Idlib), killing "
     "four people.", "Explosions/Remote violence", "Idlib", None),
    ("On 9 September 2024, police fired tear gas at teachers rallying in Lilongwe "
     "(Lilongwe, Central) over pay.", "Protests", "Lilongwe", None),
    # an armed group's activity with no violence: a strategic development
    ("On 5 May 2024, JNIM militants held a meeting with residents of Dioura (Tenenkou, "
     "Mopti) and ordered them to pay zakat.", "Strategic developments", "Ténenkou", "JNIM"),
    ("On 6 October 2023, Sudanese authorities imposed a curfew in El Obeid (Sheikan, North "
     "Kordofan).", "Strategic developments", "El Obeid", None),
    ("On 17 May 2024, Fano militiamen destroyed a bridge near Gondar (Gondar Zuria, Central "
     "Gondar).", "Strategic developments", "Gonder", "Fano"),
]
