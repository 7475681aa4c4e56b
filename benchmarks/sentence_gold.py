# ruff: noqa: E501
"""Hand-written news passages with their correct sentence splits, for comparing splitters.

Written for this project (no third-party text). Each case is a passage and the sentences it
holds, as written; the hard parts are abbreviations ("Dr.", "U.S.", "Lt. Col.", "a.m."),
initials, numbers with points, quotes, and line breaks.
"""

from __future__ import annotations

GOLD: list[tuple[str, list[str]]] = [
    (
        "Dr. Sarah Cohen, a surgeon at the hospital, said 12 patients had died. She asked not to be named.",
        [
            "Dr. Sarah Cohen, a surgeon at the hospital, said 12 patients had died.",
            "She asked not to be named.",
        ],
    ),
    (
        "The U.S. State Department said it was monitoring the situation. A spokesperson declined to comment.",
        [
            "The U.S. State Department said it was monitoring the situation.",
            "A spokesperson declined to comment.",
        ],
    ),
    (
        "The first aid flight was sent by the U.S. The E.U. sent a second one a day later.",
        ["The first aid flight was sent by the U.S.", "The E.U. sent a second one a day later."],
    ),
    (
        "Mr. Ahmed and Mrs. Levi met on Tuesday. They spoke for an hour.",
        ["Mr. Ahmed and Mrs. Levi met on Tuesday.", "They spoke for an hour."],
    ),
    (
        "Gen. Tal Harel visited the base. Lt. Col. Amir Dahan briefed him on the operation.",
        ["Gen. Tal Harel visited the base.", "Lt. Col. Amir Dahan briefed him on the operation."],
    ),
    (
        "The strike hit at 3 a.m. local time, witnesses said. Rescue teams arrived at dawn.",
        ["The strike hit at 3 a.m. local time, witnesses said.", "Rescue teams arrived at dawn."],
    ),
    (
        "The explosion was heard at 11 p.m. Residents fled south.",
        ["The explosion was heard at 11 p.m.", "Residents fled south."],
    ),
    (
        "J. R. Hughes, a former envoy, wrote the report. It was published in March.",
        ["J. R. Hughes, a former envoy, wrote the report.", "It was published in March."],
    ),
    (
        "The ministry said 1,400 people were killed. Officials put the number displaced at 1.2 million.",
        [
            "The ministry said 1,400 people were killed.",
            "Officials put the number displaced at 1.2 million.",
        ],
    ),
    (
        "Prices rose 3.5 per cent in October. Fuel costs led the increase.",
        ["Prices rose 3.5 per cent in October.", "Fuel costs led the increase."],
    ),
    (
        '"We have nothing left," said Umm Khaled. "Our house is gone."',
        ['"We have nothing left," said Umm Khaled.', '"Our house is gone."'],
    ),
    (
        "“We will respond,” the minister said. “The response will be firm.”",
        ["“We will respond,” the minister said.", "“The response will be firm.”"],
    ),
    (
        "He asked: “Where will we go?” Nobody answered.",
        ["He asked: “Where will we go?”", "Nobody answered."],
    ),
    (
        "“Is anyone alive?” a rescuer shouted. There was no reply.",
        ["“Is anyone alive?” a rescuer shouted.", "There was no reply."],
    ),
    (
        "The army said the tunnel was 2.5 km long. Engineers destroyed it.",
        ["The army said the tunnel was 2.5 km long.", "Engineers destroyed it."],
    ),
    (
        "St. Philip's Church was damaged in the strike. Clergy said hundreds had sheltered there.",
        [
            "St. Philip's Church was damaged in the strike.",
            "Clergy said hundreds had sheltered there.",
        ],
    ),
    (
        "The convoy left at 9 a.m. on Sunday and reached the crossing by noon.",
        ["The convoy left at 9 a.m. on Sunday and reached the crossing by noon."],
    ),
    (
        "Sen. Ann Ford and Rep. Luis Moreno called for a ceasefire. Others disagreed.",
        ["Sen. Ann Ford and Rep. Luis Moreno called for a ceasefire.", "Others disagreed."],
    ),
    (
        "The report, published by the U.N. Office for the Coordination of Humanitarian Affairs, cited 17 incidents. It did not name sources.",
        [
            "The report, published by the U.N. Office for the Coordination of Humanitarian Affairs, cited 17 incidents.",
            "It did not name sources.",
        ],
    ),
    (
        "The prime minister spoke on Oct. 7. He vowed a long war.",
        ["The prime minister spoke on Oct. 7.", "He vowed a long war."],
    ),
    (
        "The talks in Doha ended without a deal... Negotiators will meet again.",
        ["The talks in Doha ended without a deal...", "Negotiators will meet again."],
    ),
    (
        "The group (listed as a terrorist organisation by the U.S., the E.U. and others) denied the claim. Its spokesman spoke to reporters.",
        [
            "The group (listed as a terrorist organisation by the U.S., the E.U. and others) denied the claim.",
            "Its spokesman spoke to reporters.",
        ],
    ),
    (
        "What happens next? Nobody knows. Analysts are divided!",
        ["What happens next?", "Nobody knows.", "Analysts are divided!"],
    ),
    (
        "The No. 2 official resigned. His deputy, Col. Yossi Katz, took over.",
        ["The No. 2 official resigned.", "His deputy, Col. Yossi Katz, took over."],
    ),
    (
        "Some 2,000 people, incl. 600 children, were sheltering in the school. The building was hit twice.",
        [
            "Some 2,000 people, incl. 600 children, were sheltering in the school.",
            "The building was hit twice.",
        ],
    ),
    (
        "The foreign minister met Antony J. Baker in Riyadh. They discussed aid corridors.",
        ["The foreign minister met Antony J. Baker in Riyadh.", "They discussed aid corridors."],
    ),
    (
        "Ms. Rahman's office said the figures were provisional. She added that the count would rise.",
        [
            "Ms. Rahman's office said the figures were provisional.",
            "She added that the count would rise.",
        ],
    ),
    (
        "The unit, based at Ft. Liberty, N.C., was deployed in October. Its mission was not disclosed.",
        [
            "The unit, based at Ft. Liberty, N.C., was deployed in October.",
            "Its mission was not disclosed.",
        ],
    ),
    (
        "Reporters saw the damage at approx. 6 p.m. on Friday. Smoke rose over the camp.",
        ["Reporters saw the damage at approx. 6 p.m. on Friday.", "Smoke rose over the camp."],
    ),
    (
        'He said: "It is a massacre." The army rejected the term.',
        ['He said: "It is a massacre."', "The army rejected the term."],
    ),
    (
        "GAZA CITY\n\nStrikes continued overnight. Hospitals reported shortages.",
        ["GAZA CITY", "Strikes continued overnight.", "Hospitals reported shortages."],
    ),
    (
        "The ministry said at least 30 people\nwere killed in the strike. The army did not comment.",
        [
            "The ministry said at least 30 people\nwere killed in the strike.",
            "The army did not comment.",
        ],
    ),
    (
        "Pres. Ruiz arrived in Tel Aviv on Wednesday. Sirens sounded hours earlier.",
        ["Pres. Ruiz arrived in Tel Aviv on Wednesday.", "Sirens sounded hours earlier."],
    ),
    (
        "The resolution passed 14-0, with the U.K. abstaining. A rival draft failed.",
        ["The resolution passed 14-0, with the U.K. abstaining.", "A rival draft failed."],
    ),
    (
        "Fighting resumed on Dec. 1 after a week-long truce. More than 100 people were killed that day.",
        [
            "Fighting resumed on Dec. 1 after a week-long truce.",
            "More than 100 people were killed that day.",
        ],
    ),
    (
        "A spokesman for the I.D.F. said the strike targeted a commander. Palestinian officials said civilians were killed.",
        [
            "A spokesman for the I.D.F. said the strike targeted a commander.",
            "Palestinian officials said civilians were killed.",
        ],
    ),
    (
        "The hospital is run by a church. It was hit on Oct. 17. Each side blamed the other; neither offered proof.",
        [
            "The hospital is run by a church.",
            "It was hit on Oct. 17.",
            "Each side blamed the other; neither offered proof.",
        ],
    ),
    (
        "Some outlets, e.g. the Daily Post, avoid the word. Others use it freely.",
        ["Some outlets, e.g. the Daily Post, avoid the word.", "Others use it freely."],
    ),
    (
        "The U.S. and Israel discussed a pause. Washington wants more aid to enter.",
        ["The U.S. and Israel discussed a pause.", "Washington wants more aid to enter."],
    ),
    (
        "Aid trucks (about 100 a day) entered via Rafah. The U.N. says 500 are needed.",
        ["Aid trucks (about 100 a day) entered via Rafah.", "The U.N. says 500 are needed."],
    ),
    (
        "The statement ended: “We will not stop.” Hours later, rockets were fired.",
        ["The statement ended: “We will not stop.”", "Hours later, rockets were fired."],
    ),
    (
        "Mr. Dov Stern Jr. was not available. His lawyer, Adv. Noa Bar, said he was abroad.",
        ["Mr. Dov Stern Jr. was not available.", "His lawyer, Adv. Noa Bar, said he was abroad."],
    ),
    (
        "The toll stood at 9,488 on Nov. 4. By Nov. 10 it had passed 11,000.",
        ["The toll stood at 9,488 on Nov. 4.", "By Nov. 10 it had passed 11,000."],
    ),
    (
        "“They were killed in their sleep,” said Dr. Ali Nasser of the Al-Amal Hospital. “All of them.”",
        [
            "“They were killed in their sleep,” said Dr. Ali Nasser of the Al-Amal Hospital.",
            "“All of them.”",
        ],
    ),
]

#: Written after the repairs in ``discourse.text.segments`` were fixed, to check they do not overfit GOLD.
HELD_OUT: list[tuple[str, list[str]]] = [
    (
        "Capt. Yael Ben-Ami led the patrol. Her unit came under fire near the border.",
        ["Capt. Yael Ben-Ami led the patrol.", "Her unit came under fire near the border."],
    ),
    (
        "The U.K. government said it would send aid. Downing Street gave no figure.",
        ["The U.K. government said it would send aid.", "Downing Street gave no figure."],
    ),
    (
        "The drone was shot down over the Red Sea, the U.S. military said. No one was hurt.",
        ["The drone was shot down over the Red Sea, the U.S. military said.", "No one was hurt."],
    ),
    (
        "Officials said the crossing would open at 10 a.m. Thursday. It did not.",
        ["Officials said the crossing would open at 10 a.m. Thursday.", "It did not."],
    ),
    (
        "Prof. Dana Adler of Tel Aviv University said the figures were plausible. Others were more cautious.",
        [
            "Prof. Dana Adler of Tel Aviv University said the figures were plausible.",
            "Others were more cautious.",
        ],
    ),
    (
        "According to the W.H.O., three hospitals remain open in the north. Fuel is running out.",
        [
            "According to the W.H.O., three hospitals remain open in the north.",
            "Fuel is running out.",
        ],
    ),
    (
        "“We are not leaving,” said Abu Samir, 54. “This is our land.”",
        ["“We are not leaving,” said Abu Samir, 54.", "“This is our land.”"],
    ),
    (
        "The army said it had killed Brig. Gen. Omar Haddad's deputy. The group did not confirm it.",
        [
            "The army said it had killed Brig. Gen. Omar Haddad's deputy.",
            "The group did not confirm it.",
        ],
    ),
    (
        "The bill passed 62–55. It now goes to the Senate.",
        ["The bill passed 62–55.", "It now goes to the Senate."],
    ),
    (
        "Why did the talks fail? Diplomats blame both sides.",
        ["Why did the talks fail?", "Diplomats blame both sides."],
    ),
    (
        "Damage was estimated at $18.5 billion. Rebuilding could take decades.",
        ["Damage was estimated at $18.5 billion.", "Rebuilding could take decades."],
    ),
    (
        "Footage showed smoke rising from the hospital complex.\nThe army said fighters used the site.",
        [
            "Footage showed smoke rising from the hospital complex.",
            "The army said fighters used the site.",
        ],
    ),
    (
        "The strike killed at least 22 people, incl. nine members of one family, medics said. The army said it was checking the report.",
        [
            "The strike killed at least 22 people, incl. nine members of one family, medics said.",
            "The army said it was checking the report.",
        ],
    ),
    (
        "Gov. Ellen Marsh condemned the attack. She ordered flags lowered.",
        ["Gov. Ellen Marsh condemned the attack.", "She ordered flags lowered."],
    ),
    (
        "Rev. Munther Salem spoke at the vigil. Hundreds attended.",
        ["Rev. Munther Salem spoke at the vigil.", "Hundreds attended."],
    ),
    (
        "He cited Art. 51 of the U.N. Charter. Critics disputed that reading.",
        ["He cited Art. 51 of the U.N. Charter.", "Critics disputed that reading."],
    ),
    (
        "The plane landed at 4:30 p.m. on Saturday with 150 passengers. Most were dual nationals.",
        [
            "The plane landed at 4:30 p.m. on Saturday with 150 passengers.",
            "Most were dual nationals.",
        ],
    ),
    (
        "Sgt. First Class Eli Mor was killed in the fighting. He was 34.",
        ["Sgt. First Class Eli Mor was killed in the fighting.", "He was 34."],
    ),
    (
        "The ministry of health (MoH) said 70% of the dead were women and children. The U.N. has cited the figure.",
        [
            "The ministry of health (MoH) said 70% of the dead were women and children.",
            "The U.N. has cited the figure.",
        ],
    ),
    (
        "Mrs. Haddad, 61, said she had not eaten in two days. “There is nothing,” she said.",
        ["Mrs. Haddad, 61, said she had not eaten in two days.", "“There is nothing,” she said."],
    ),
    (
        "In a statement, the I.C.J. said it would rule on Friday. Both sides were told to attend.",
        [
            "In a statement, the I.C.J. said it would rule on Friday.",
            "Both sides were told to attend.",
        ],
    ),
    (
        "“Enough!” shouted a protester. Police moved in.",
        ["“Enough!” shouted a protester.", "Police moved in."],
    ),
    (
        "The truce began at 7 a.m. (0500 GMT) on Friday. It lasted a week.",
        ["The truce began at 7 a.m. (0500 GMT) on Friday.", "It lasted a week."],
    ),
    (
        "Asked whether the U.S. would veto the draft, the envoy said: “We will see.” The vote is on Monday.",
        [
            "Asked whether the U.S. would veto the draft, the envoy said: “We will see.”",
            "The vote is on Monday.",
        ],
    ),
    (
        "NEW YORK (Reuters) - The U.N. General Assembly voted on Friday. The resolution is non-binding.",
        [
            "NEW YORK (Reuters) - The U.N. General Assembly voted on Friday.",
            "The resolution is non-binding.",
        ],
    ),
    (
        "Dr. Rami Odeh, director of the hospital, told reporters that 14 infants were in incubators... There was no power.",
        [
            "Dr. Rami Odeh, director of the hospital, told reporters that 14 infants were in incubators...",
            "There was no power.",
        ],
    ),
    (
        "The agency said 101 of its staff had been killed. It called the toll unprecedented.",
        ["The agency said 101 of its staff had been killed.", "It called the toll unprecedented."],
    ),
    (
        "Lt. Gen. (ret.) Noam Tibon drove south to find his family. He found them alive.",
        ["Lt. Gen. (ret.) Noam Tibon drove south to find his family.", "He found them alive."],
    ),
    (
        "The deal was brokered by Qatar, Egypt and the U.S.\n\nIt freed 105 hostages.",
        ["The deal was brokered by Qatar, Egypt and the U.S.", "It freed 105 hostages."],
    ),
    (
        "About 1.9 million people — some 85 per cent of the population — have been displaced, the U.N. says. Many have moved several times.",
        [
            "About 1.9 million people — some 85 per cent of the population — have been displaced, the U.N. says.",
            "Many have moved several times.",
        ],
    ),
]
