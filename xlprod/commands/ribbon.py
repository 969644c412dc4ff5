"""The Excel ribbon (customUI) and the VBA module behind its buttons, both
generated from the command registry.

A button calls ``XlprodRibbon.XlprodRun``, which asks the command's prompts
(:data:`xlprod.commands.Command.prompts`) and hands the answers to
:func:`xlprod.excel.run` through xlwings' ``RunPython``.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import quoteattr

from xlprod.commands import (
    GROUP_LABELS,
    REGISTRY,
    ActiveWorkbook,
    Choice,
    Command,
    OpenFile,
    SaveAs,
    _importable,
)

NS = "http://schemas.microsoft.com/office/2009/07/customui"
VBA_MODULE = "XlprodRibbon"
# Qualified by its module, as xlwings' own add-in does (RibbonXlwings.RunMain).
ON_ACTION = f"{VBA_MODULE}.XlprodRun"
# A path holding one of these is refused before it reaches Python: ' and " would end
# the Python string or the command line xlwings builds on Windows, | splits xlwings'
# macOS parameters, $ and ` are expanded by the macOS shell and % by cmd.exe.
UNSAFE_PATH_CHARS = "'\"|$`%"


def _buttons() -> list[Command]:
    return [c for c in REGISTRY if _importable(c)]


def groups() -> dict[str | None, list[Command]]:
    """The ribbon's groups, from the registry: each command sits in its kind's group
    (``None``: the general one), groups in the order their first command is listed."""
    found: dict[str | None, list[Command]] = {}
    for c in _buttons():
        found.setdefault(c.kind, []).append(c)
    return found


def ribbon_xml(lang: str = "fr") -> str:
    """customUI XML: one tab, one group per kind that has commands (plus the general
    group), one button per runnable command.

    Each button's ``id`` (and ``tag``) is the command's id; ``onAction`` calls the
    add-in's single VBA entry point (:func:`vba_module`).
    """
    body = []
    for kind, commands in groups().items():
        label_fr, label_en = GROUP_LABELS.get(kind, (str(kind), str(kind)))
        buttons = [
            f"        <button id={quoteattr(c.id)} "
            f"label={quoteattr(c.label_en if lang == 'en' else c.label_fr)} "
            f"size=\"{'normal' if c.for_kind and c.kind else 'large'}\" "
            f"imageMso={quoteattr(c.image)} screentip={quoteattr(c.help)} "
            f"tag={quoteattr(c.id)} onAction={quoteattr(ON_ACTION)}/>"
            for c in commands]
        body.append(f"      <group id={quoteattr('xlprod_' + (kind or 'general'))} "
                    f"label={quoteattr(label_en if lang == 'en' else label_fr)}>\n"
                    + "\n".join(buttons) + "\n      </group>")
    return (
        f'<customUI xmlns="{NS}">\n  <ribbon>\n    <tabs>\n'
        '    <tab id="xlprod_tab" label="xlprod">\n'
        + "\n".join(body) + "\n    </tab>\n    </tabs>\n  </ribbon>\n</customUI>\n"
    )


def vba_string(text: str) -> str:
    """A VBA expression for ``text``, in ASCII whatever the code page that imports it:
    printable ASCII in ``"…"`` literals (quotes doubled), newlines as ``vbNewLine``,
    anything else as ``ChrW(n)``."""
    parts: list[str] = []
    literal = ""
    for ch in text:
        if " " <= ch <= "~":
            literal += '""' if ch == '"' else ch
            continue
        if literal:
            parts.append(f'"{literal}"')
            literal = ""
        if ch == "\n":
            parts.append("vbNewLine")
        elif ord(ch) <= 0xFFFF:
            parts.append(f"ChrW({ord(ch)})")
        else:
            raise ValueError(f"{text!r}: VBA strings hold no character beyond U+FFFF")
    if literal or not parts:
        parts.append(f'"{literal}"')
    return " & ".join(parts)


_TEXT = {
    "fr": {
        "unknown": "Bouton inconnu : {tag}. Régénérez ce module avec « xlprod addin vba ».",
        "no_workbook": "Ouvrez d'abord un classeur.",
        "save_first": "Enregistrez d'abord « {name} » : xlprod lit le classeur sur le disque.",
        "save_changes": "« {name} » a des modifications non enregistrées. Les enregistrer avant "
                        "de lancer la commande ?\n(Non : elle lit la dernière version enregistrée.)",
        "save_failed": "Impossible d'enregistrer « {name} » : {error}",
        "online": "« {path} » est un emplacement en ligne (OneDrive, SharePoint) : ouvrez ou "
                  "enregistrez une copie locale du classeur.",
        "unsafe": "Le chemin « {path} » contient le caractère {char}, qui ne peut pas être "
                  "transmis à Python : renommez le fichier ou le dossier.",
        "backslash": "Le chemin « {path} » se termine par \\ : choisissez un fichier.",
        "taken": "« {path} » est un fichier d'entrée de la commande : choisissez un autre nom.",
        "replace": "« {path} » existe déjà. Le remplacer ?",
        "bad_choice": "« {answer} » n'est pas un des choix possibles : {choices}.",
        "running": "xlprod : {label}…",
    },
    "en": {
        "unknown": "Unknown button: {tag}. Regenerate this module with `xlprod addin vba`.",
        "no_workbook": "Open a workbook first.",
        "save_first": "Save “{name}” first: xlprod reads the workbook from disk.",
        "save_changes": "“{name}” has unsaved changes. Save them before running the command?"
                        "\n(No: it reads the last saved version.)",
        "save_failed": "Could not save “{name}”: {error}",
        "online": "“{path}” is an online location (OneDrive, SharePoint): open or save a "
                  "local copy of the workbook.",
        "unsafe": "The path “{path}” contains the character {char}, which cannot be passed to "
                  "Python: rename the file or folder.",
        "backslash": "The path “{path}” ends with \\: choose a file.",
        "taken": "“{path}” is one of the command's input files: choose another name.",
        "replace": "“{path}” already exists. Replace it?",
        "bad_choice": "“{answer}” is not one of: {choices}.",
        "running": "xlprod: {label}…",
    },
}


def _say(lang: str, key: str, **values: str) -> str:
    """The message ``key`` as a VBA expression; ``values`` are VBA expressions."""
    pieces = re.split(r"\{(\w+)\}", _TEXT[lang][key])
    out = [vba_string(p) if i % 2 == 0 else values[p] for i, p in enumerate(pieces) if p or i % 2]
    return " & ".join(out)


_HELPERS = """\
Private Function ActivePath(ByRef path As String) As Boolean
    Dim wb As Workbook
    Set wb = ActiveWorkbook
    If wb Is Nothing Then
        MsgBox {no_workbook}, vbExclamation, "xlprod"
        Exit Function
    End If
    If wb.Path = "" Then
        MsgBox {save_first}, vbExclamation, "xlprod"
        Exit Function
    End If
    If Not wb.Saved Then
        Select Case MsgBox({save_changes}, vbYesNoCancel + vbQuestion, "xlprod")
            Case vbYes
                On Error GoTo SaveFailed
                wb.Save
                On Error GoTo 0
            Case vbNo
            Case Else
                Exit Function
        End Select
    End If
    path = wb.FullName
    ActivePath = SafePath(path)
    Exit Function
SaveFailed:
    MsgBox {save_failed}, vbExclamation, "xlprod"
End Function

Private Function AskOpen(ByVal title As String, ByVal ext As String, ByRef path As String) As Boolean
    Dim answer As Variant
    #If Mac Then
        answer = Application.GetOpenFilename(, , title)
    #Else
        answer = Application.GetOpenFilename(UCase$(ext) & " (*." & ext & "),*." & ext, 1, title)
    #End If
    If VarType(answer) = vbBoolean Then Exit Function
    path = answer
    AskOpen = SafePath(path)
End Function

' The output file; replaceIt is True when it exists and the user agreed to replace it.
' stem "": the active workbook's name without its extension.
Private Function AskSaveAs(ByVal title As String, ByVal stem As String, ByVal suffix As String, _
                           ByVal ext As String, ByRef path As String, ByRef replaceIt As Boolean, _
                           ParamArray taken() As Variant) As Boolean
    Dim answer As Variant, exists As Boolean, i As Long
    If stem = "" Then
        If ActiveWorkbook Is Nothing Then
            stem = "xlprod"
        Else
            stem = ActiveWorkbook.Name
            If InStrRev(stem, ".") > 1 Then stem = Left$(stem, InStrRev(stem, ".") - 1)
        End If
    End If
    #If Mac Then
        answer = Application.GetSaveAsFilename(stem & suffix & "." & ext, , , title)
    #Else
        answer = Application.GetSaveAsFilename(stem & suffix & "." & ext, _
                                               UCase$(ext) & " (*." & ext & "),*." & ext, 1, title)
    #End If
    If VarType(answer) = vbBoolean Then Exit Function
    path = answer
    If Not SafePath(path) Then Exit Function
    For i = LBound(taken) To UBound(taken)
        If StrComp(path, taken(i), vbTextCompare) = 0 Then
            MsgBox {taken}, vbExclamation, "xlprod"
            Exit Function
        End If
    Next i
    ' Dir$ fails on some paths: then xlprod itself refuses to replace an existing file.
    On Error Resume Next
    exists = Len(Dir$(path)) > 0
    On Error GoTo 0
    replaceIt = False
    If exists Then
        If MsgBox({replace_it}, vbYesNo + vbQuestion, "xlprod") <> vbYes Then Exit Function
        replaceIt = True
    End If
    AskSaveAs = True
End Function

Private Function AskChoice(ByVal title As String, ByVal choices As String, ByRef value As String) As Boolean
    Dim answer As String, options() As String, i As Long
    options = Split(choices, ",")
    answer = InputBox(title & " (" & Join(options, ", ") & ")", "xlprod", options(0))
    If answer = "" Then Exit Function
    answer = LCase$(Trim$(answer))
    For i = LBound(options) To UBound(options)
        If answer = options(i) Then
            value = answer
            AskChoice = True
            Exit Function
        End If
    Next i
    MsgBox {bad_choice}, vbExclamation, "xlprod"
End Function

' Every path becomes a Python raw string r'...' inside the RunPython command.
Private Function SafePath(ByVal path As String) As Boolean
    Dim i As Long, c As String
    If InStr(path, "://") > 0 Then
        MsgBox {online}, vbExclamation, "xlprod"
        Exit Function
    End If
    For i = 1 To Len(path)
        c = Mid$(path, i, 1)
        If InStr(UNSAFE_PATH_CHARS, c) > 0 Or (AscW(c) And &HFFFF&) < 32 Then
            MsgBox {unsafe}, vbExclamation, "xlprod"
            Exit Function
        End If
    Next i
    If Right$(path, 1) = "\\" Then
        MsgBox {backslash}, vbExclamation, "xlprod"
        Exit Function
    End If
    SafePath = True
End Function
"""


def _sub_name(command_id: str) -> str:
    name = "Xlprod" + "".join(word.capitalize() for word in command_id.split("-"))
    if not re.fullmatch(r"[A-Za-z]\w{0,30}", name):
        raise ValueError(f"{command_id!r} makes no VBA procedure name")
    return name


def _py(text: str) -> str:
    """A fixed word (command id, option) as a Python literal."""
    if not re.fullmatch(r"[\w-]+", text):
        raise ValueError(f"{text!r} is not a plain command id or option")
    return f"'{text}'"


def _command_sub(c: Command, lang: str) -> list[str]:
    """The procedure a button runs: ask each prompt, then RunPython xlprod.excel.run(...)."""
    label = c.label_en if lang == "en" else c.label_fr
    declared: list[str] = []
    asks: list[str] = []
    code: list[tuple[bool, str]] = [(False, f"import xlprod.excel; xlprod.excel.run({_py(c.id)}")]
    inputs: list[str] = []  # variables holding the command's input paths
    choice = ""
    for i, prompt in enumerate(c.prompts, start=1):
        v = f"p{i}"
        declared.append(f"{v} As String")
        if prompt.option:
            code.append((False, f", {_py(prompt.option)}"))
        code += [(False, ", r'"), (True, v), (False, "'")]
        if not isinstance(prompt, ActiveWorkbook):
            title = vba_string(prompt.title_en if lang == "en" else prompt.title_fr)
        if isinstance(prompt, ActiveWorkbook):
            asks.append(f"If Not ActivePath({v}) Then Exit Sub")
            inputs.append(v)
        elif isinstance(prompt, OpenFile):
            asks.append(f"If Not AskOpen({title}, {vba_string(prompt.extension)}, {v}) Then Exit Sub")
            inputs.append(v)
        elif isinstance(prompt, Choice):
            asks.append(f"If Not AskChoice({title}, {vba_string(','.join(prompt.choices))}, {v}) "
                        "Then Exit Sub")
            choice = v
        elif isinstance(prompt, SaveAs):
            if prompt.extension is None and not choice:
                raise ValueError(f"{c.id}: SaveAs without an extension needs a Choice before it")
            ext = vba_string(prompt.extension) if prompt.extension else choice
            declared += [f"r{i} As Boolean", f"f{i} As String"]
            asks.append(f"If Not AskSaveAs({title}, {vba_string(prompt.name or '')}, "
                        f"{vba_string(prompt.suffix)}, {ext}, {v}, r{i}"
                        + "".join(f", {x}" for x in inputs) + ") Then Exit Sub")
            asks.append(f"If r{i} Then f{i} = {vba_string(', ' + _py(prompt.force))}")
            code.append((True, f"f{i}"))
    code.append((False, ")"))
    merged: list[str] = []
    literal = ""
    for is_var, text in code:
        if is_var:
            merged += [vba_string(literal), text] if literal else [text]
            literal = ""
        else:
            literal += text
    merged.append(vba_string(literal))
    lines = [f"' {c.id}: {c.help}", f"Private Sub {_sub_name(c.id)}()"]
    if declared:
        lines.append("    Dim " + ", ".join(declared))
    lines += [f"    {a}" for a in asks]
    running = _TEXT[lang]["running"].format(label=label)
    lines += [f"    Application.StatusBar = {vba_string(running)}",
              f"    RunPython {' & '.join(merged)}",
              "    Application.StatusBar = False",
              "End Sub"]
    return lines


def vba_module(lang: str = "fr") -> str:
    """The standard VBA module ``XlprodRibbon`` behind the ribbon's buttons.

    ``XlprodRun`` selects on the button's tag, asks what the command needs (file
    dialogs, an input box; cancel stops quietly), then runs
    ``xlprod.excel.run(id, *args)`` through xlwings' ``RunPython``. CRLF line
    ends and ASCII only, ready for File > Import in the VBA editor.
    """
    buttons = _buttons()
    lines = [
        f'Attribute VB_Name = "{VBA_MODULE}"',
        f"' The xlprod ribbon's buttons (customUI onAction=\"{ON_ACTION}\").",
        f"' Generated by `xlprod addin vba --lang {lang}` from xlprod's command registry:",
        "' regenerate it rather than edit it. RunPython is xlwings' (open source):",
        "' `xlprod addin build` puts xlwings' module beside this one.",
        "Option Explicit",
        "",
        f"Private Const UNSAFE_PATH_CHARS As String = {vba_string(UNSAFE_PATH_CHARS)}",
        "",
        "Public Sub XlprodRun(control As IRibbonControl)",
        "    Select Case control.Tag",
    ]
    for c in buttons:
        lines += [f'        Case "{c.id}"', f"            {_sub_name(c.id)}"]
    lines += ["        Case Else",
              f'            MsgBox {_say(lang, "unknown", tag="control.Tag")}, vbExclamation, "xlprod"',
              "    End Select",
              "End Sub",
              ""]
    for c in buttons:
        lines += [*_command_sub(c, lang), ""]
    helpers = _HELPERS.format(
        no_workbook=_say(lang, "no_workbook"),
        save_first=_say(lang, "save_first", name="wb.Name"),
        save_changes=_say(lang, "save_changes", name="wb.Name"),
        save_failed=_say(lang, "save_failed", name="wb.Name", error="Err.Description"),
        taken=_say(lang, "taken", path="path"),
        replace_it=_say(lang, "replace", path="path"),
        bad_choice=_say(lang, "bad_choice", answer="answer", choices='Join(options, ", ")'),
        online=_say(lang, "online", path="path"),
        unsafe=_say(lang, "unsafe", path="path", char='"[" & c & "]"'),
        backslash=_say(lang, "backslash", path="path"),
    )
    lines += helpers.splitlines()
    return "\r\n".join(lines) + "\r\n"
