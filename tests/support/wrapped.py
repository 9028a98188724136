"""Fictional hard-wrapped reports and their unwrapped twins, for the unwrap and extraction tests."""

from __future__ import annotations

import re

from ratline.unwrap import unwrap

# A report as a PDF gives it: lines of about 80 characters, "human\ntrafficking" across a
# break and "traf-\nficking" split by a hyphen.
WRAPPED = (
    "Coastal Police Bulletin\n"
    "\n"
    "MOMBASA, 4 May 2023 - Police in Mombasa arrested two men on suspicion of human\n"
    "trafficking after they recruited four young women from Kisumu with false\n"
    "promises of hotel jobs in Dubai. Investigators said the women were made to pay\n"
    "KES 150,000 each for visas and were later forced into domestic servitude in a\n"
    "villa near the port. The suspects, Joseph Otieno-Barasa and Peter Kamau-Ndegwa,\n"
    "were charged on Wednesday at the Mombasa Law Courts with human traf-\n"
    "ficking and remain in custody.\n"
)
# The same report written with one line per paragraph.
FLAT = (
    "Coastal Police Bulletin\n"
    "\n"
    "MOMBASA, 4 May 2023 - Police in Mombasa arrested two men on suspicion of human "
    "trafficking after they recruited four young women from Kisumu with false "
    "promises of hotel jobs in Dubai. Investigators said the women were made to pay "
    "KES 150,000 each for visas and were later forced into domestic servitude in a "
    "villa near the port. The suspects, Joseph Otieno-Barasa and Peter Kamau-Ndegwa, "
    "were charged on Wednesday at the Mombasa Law Courts with human "
    "trafficking and remain in custody.\n"
)
# The report forwarded in an e-mail: quoted, with a blank quoted line between paragraphs,
# and (format=flowed) a blank at the end of each soft-broken line.
EMAIL = (
    "Hi all, see the bulletin below.\n"
    "\n"
    "On Thursday, Coastal Police wrote:\n"
    "> Police in Mombasa arrested two men on suspicion of human trafficking after \n"
    "> they recruited four young women from Kisumu with false promises of hotel \n"
    "> jobs in Dubai. Investigators said the women were made to pay KES 150,000 \n"
    "> each for visas and were later forced into domestic servitude.\n"
    ">\n"
    "> The suspects, Joseph Otieno-Barasa and Peter Kamau-Ndegwa, were charged on \n"
    "> Wednesday at the Mombasa Law Courts with human trafficking and remain in \n"
    "> custody.\n"
)
EMAIL_FLAT = (
    "Hi all, see the bulletin below.\n"
    "\n"
    "On Thursday, Coastal Police wrote:\n"
    "Police in Mombasa arrested two men on suspicion of human trafficking after "
    "they recruited four young women from Kisumu with false promises of hotel "
    "jobs in Dubai. Investigators said the women were made to pay KES 150,000 "
    "each for visas and were later forced into domestic servitude.\n"
    "\n"
    "The suspects, Joseph Otieno-Barasa and Peter Kamau-Ndegwa, were charged on "
    "Wednesday at the Mombasa Law Courts with human trafficking and remain in "
    "custody.\n"
)


def plain(original: str) -> str:
    """A piece of the original read as the rules read it: breaks, quote marks and the
    hyphen of a split word gone."""
    text = re.sub(r"(?<=[a-z])-\n(?=[a-z])", "", original)
    return re.sub(r" ?\n(?:> ?)?", " ", text)


def check_map(original: str) -> None:
    u = unwrap(original)
    for i, ch in enumerate(u.text):
        src = original[u.position(i)]
        assert ch == src or (ch == " " and src == "\n"), (i, ch, src)
