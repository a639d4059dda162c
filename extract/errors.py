"""Errors a reader raises for a file it cannot read; the message is shown to users as the reason."""


class UnreadableFile(Exception):
    """The file is not what its format promises (corrupt, encrypted, binary, too large)."""


class NeedsTool(UnreadableFile):
    """Reading needs a program that is not installed (LibreOffice for .doc/.wps)."""
