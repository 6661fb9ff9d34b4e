"""Wine 8.0 stand-ins for the test prefix's CPython 3.13 (copied there by scripts/windows/wheels.sh).

Never part of the program: PyInstaller does not bundle sitecustomize, and the installed program is
tested without it. Each replaces a Windows 8+ API that Wine 8.0 lacks and that aborts the process:
- kernel32.CopyFile2 (shutil.copy2): without _winapi.CopyFile2 shutil uses copyfile + copystat;
- kernel32.PssCaptureSnapshot (os.getppid): the parent pid from NtQueryInformationProcess;
- propsys.VariantToString (the _wmi module behind platform.win32_ver() and friends): platform
  falls back to its registry and `ver` readings when _wmi is None. The module stays in the
  interpreter, so a PyInstaller build made here bundles it as a Windows build would;
- ucrtbase _locking leaves errno 0 on a lock violation where Windows sets EACCES.
"""
import os
import sys

if sys.platform == "win32" and os.environ.get("WINE_COMPAT", "1") == "1":
    import _winapi

    if hasattr(_winapi, "CopyFile2"):
        del _winapi.CopyFile2

    def _getppid():
        import ctypes
        from ctypes import wintypes

        class BasicInformation(ctypes.Structure):
            _fields_ = [("ExitStatus", ctypes.c_void_p), ("PebBaseAddress", ctypes.c_void_p),
                        ("AffinityMask", ctypes.c_void_p), ("BasePriority", ctypes.c_void_p),
                        ("UniqueProcessId", ctypes.c_void_p), ("ParentPid", ctypes.c_void_p)]

        info = BasicInformation()
        ntdll = ctypes.WinDLL("ntdll")
        ntdll.NtQueryInformationProcess.argtypes = [wintypes.HANDLE, ctypes.c_ulong, ctypes.c_void_p,
                                                    ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong)]
        status = ntdll.NtQueryInformationProcess(wintypes.HANDLE(-1), 0, ctypes.byref(info),
                                                 ctypes.sizeof(info), None)
        if status != 0:
            raise OSError(f"NtQueryInformationProcess failed: {status:#x}")
        return int(info.ParentPid or 0)

    os.getppid = _getppid

    import platform

    platform._wmi = None

    import errno
    import msvcrt

    _locking = msvcrt.locking

    def _wine_locking(fd, mode, nbytes):
        try:
            return _locking(fd, mode, nbytes)
        except OSError as exc:
            if exc.errno == 0:
                raise PermissionError(errno.EACCES, "Permission denied (Wine: lock violation)") from None
            raise

    msvcrt.locking = _wine_locking
