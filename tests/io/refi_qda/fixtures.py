"""Hand-made QDPX files imitating what other tools write (namespaces, names, quirks)."""

from __future__ import annotations

import zipfile
from pathlib import Path

G = {  # readable GUIDs for hand-written files
    "user1": "AAAAAAAA-0000-4000-8000-000000000001",
    "user2": "aaaaaaaa-0000-4000-8000-000000000002",
    "group": "BBBBBBBB-0000-4000-8000-000000000001",
    "code1": "bbbbbbbb-0000-4000-8000-000000000002",
    "code2": "bbbbbbbb-0000-4000-8000-000000000003",
    "code3": "bbbbbbbb-0000-4000-8000-000000000004",
    "code4": "bbbbbbbb-0000-4000-8000-000000000005",
    "case1": "cccccccc-0000-4000-8000-000000000001",
    "var1": "dddddddd-0000-4000-8000-000000000001",
    "src1": "eeeeeeee-0000-4000-8000-000000000001",
    "src2": "eeeeeeee-0000-4000-8000-000000000002",
    "sel1": "ffffffff-0000-4000-8000-000000000001",
    "sel2": "ffffffff-0000-4000-8000-000000000002",
    "sel3": "ffffffff-0000-4000-8000-000000000003",
    "sel4": "ffffffff-0000-4000-8000-000000000004",
    "cod1": "12121212-0000-4000-8000-000000000001",
    "cod2": "12121212-0000-4000-8000-000000000002",
    "cod3": "12121212-0000-4000-8000-000000000003",
    "cod4": "12121212-0000-4000-8000-000000000004",
    "cod5": "12121212-0000-4000-8000-000000000005",
    "note1": "34343434-0000-4000-8000-000000000001",
    "note2": "34343434-0000-4000-8000-000000000002",
}


def write_zip(path: Path, entries: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def selection(guid: str, start: int, end: int, code: str | None, *, name: str | None = None,
              coding: str | None = None, user: str | None = None, notes: tuple[str, ...] = ()) -> str:
    attrs = f'guid="{guid}" startPosition="{start}" endPosition="{end}"'
    if name is not None:
        attrs += f' name="{name}"'
    if user:
        attrs += f' creatingUser="{user}"'
    inner = ""
    if code:
        inner += f'<Coding guid="{coding or guid}"><CodeRef targetGUID="{code}"/></Coding>'
    inner += "".join(f'<NoteRef targetGUID="{n}"/>' for n in notes)
    return f"<PlainTextSelection {attrs}>{inner}</PlainTextSelection>"


def atlas_like_project(namespace: str = "urn:QDA-XML:project:1:0", selections: str = "", sources_extra: str = "",
                       text_path: str = "internal://{src1}.txt") -> str:
    """An ATLAS.ti/MAXQDA-flavoured project.qde: odd namespace, braces and upper-case GUIDs,
    sloppy colours, a code pointing at a case, a note by path, a picture source."""
    g = G
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{namespace}" name="Quirky study" origin="ATLAS.ti 23">
  <Users><User guid="{{{g['user1']}}}" name="Dana"/><User guid="{g['user2']}" id="EL"/></Users>
  <CodeBook><Codes>
    <Code guid="{g['group']}" name="Stage" isCodable="false" color="#ABC">
      <Code guid="{g['code1']}" name="Training" isCodable="true" color="#FF336699"><Description>Train &amp; tune</Description></Code>
      <Code guid="{g['code2']}" name="Release" isCodable="true" color="rgb(10, 200, 30)"/>
    </Code>
    <Code guid="{g['code3']}" name="Training" isCodable="true" color="not-a-colour"/>
    <Code guid="{g['code4']}" name="Nothing" isCodable="1"/>
  </Codes></CodeBook>
  <Variables><Variable guid="{g['var1']}" name="Country" typeOfVariable="Text"/></Variables>
  <Cases><Case guid="{g['case1']}" name="Lab X"><VariableValue><VariableRef targetGUID="{g['var1']}"/><TextValue>DE</TextValue></VariableValue></Case></Cases>
  <Sources>
    <TextSource guid="{g['src1']}" name="Interview" plainTextPath="{text_path.format(src1=g['src1'])}" creatingUser="{g['user1']}">{selections}</TextSource>
    {sources_extra}
    <PictureSource guid="eeeeeeee-0000-4000-8000-0000000000aa" name="photo" path="internal://x.png"/>
  </Sources>
  <Notes>
    <Note guid="{g['note1']}" name="on a passage" plainTextPath="internal://{g['note1']}.txt"/>
    <Note guid="{g['note2']}" name="loose"><PlainTextContent>A loose note</PlainTextContent></Note>
  </Notes>
  <Sets><Set guid="56565656-0000-4000-8000-000000000001" name="A set"/></Sets>
</Project>"""
