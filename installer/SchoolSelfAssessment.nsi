; The Windows setup program of 学校督导自评助手 (built by scripts/windows/setup.sh with makensis).
;   makensis -DSRCDIR=<PyInstaller folder> -DVERSION=<desktop.__version__> -DOUTFILE=<setup.exe> SchoolSelfAssessment.nsi
; Per-machine install into Program Files (administrator), Start-menu shortcuts, an optional desktop
; shortcut, and an entry in 「应用和功能」. The program keeps each user's data in that user's
; %LOCALAPPDATA%\SchoolSelfAssessment (platformdirs), never here: neither an upgrade nor the
; uninstaller touches it. Silent: setup.exe /S [/NODESKTOP] [/D=C:\其他目录]; uninstall.exe /S.

Unicode true
Target amd64-unicode   ; a 64-bit installer: the program is 64-bit (and wine64 runs no 32-bit stub)
ManifestDPIAware true

!ifndef SRCDIR
  !error "pass -DSRCDIR=<the PyInstaller program folder>"
!endif
!ifndef VERSION
  !error "pass -DVERSION=<desktop.__version__>"
!endif
!ifndef OUTFILE
  !define OUTFILE "SchoolSelfAssessment-setup.exe"
!endif

!define APP "SchoolSelfAssessment"
!define NAME "学校督导自评助手"
!define PUBLISHER "学校督导自评助手开发组"
!define EXE "${APP}.exe"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "x64.nsh"

Name "${NAME}"
Caption "${NAME} ${VERSION} 安装"
UninstallCaption "${NAME} 卸载"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APP}"
RequestExecutionLevel admin
!ifdef NOCOMPRESS
  SetCompress off          ; quick builds for the pipeline's upgrade check
!else
  SetCompressor /SOLID lzma
!endif
BrandingText "${NAME} ${VERSION}"

; The version shown in the setup file's properties (four numbers).
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${NAME}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileDescription" "${NAME} 安装程序"
VIAddVersionKey /LANG=2052 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${PUBLISHER}"

!define MUI_ABORTWARNING
!define MUI_ICON "../resources/app.ico"     ; relative to this file (scripts/windows/make_icon.py)
!define MUI_UNICON "../resources/app.ico"
!define MUI_WELCOMEPAGE_TEXT "本向导将在这台电脑上安装 ${NAME} ${VERSION}，供这台电脑上的所有用户使用（需要管理员权限）。$\r$\n$\r$\n已安装旧版本时会直接升级。每位用户的评估数据保存在各自的用户文件夹（%LOCALAPPDATA%\${APP}）中，升级和卸载都不会删除。$\r$\n$\r$\n点击「下一步」继续。"
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "运行 ${NAME}"
!define MUI_UNCONFIRMPAGE_TEXT_TOP "将从这台电脑上删除 ${NAME} 的程序文件和快捷方式。$\r$\n各用户的评估数据（%LOCALAPPDATA%\${APP} 中的数据库、佐证材料和备份）不会被删除；重新安装后可以继续使用。"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

Section "${NAME}（必需）" SecProgram
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; An older version's program files go first, so none of them lingers beside the new ones.
  ; Only the program's own files: the folder may hold nothing else of value, but it is not
  ; removed wholesale in case someone chose a folder that is used for other things too.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE}"
  File /r "${SRCDIR}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${NAME}"
  CreateShortcut "$SMPROGRAMS\${NAME}\${NAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0
  CreateShortcut "$SMPROGRAMS\${NAME}\卸载 ${NAME}.lnk" "$INSTDIR\uninstall.exe"

  WriteRegStr HKLM "${UNINSTKEY}" "DisplayName" "${NAME}"
  WriteRegStr HKLM "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\${EXE},0"
  WriteRegStr HKLM "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKLM "${UNINSTKEY}" "EstimatedSize" $0
SectionEnd

Section "桌面快捷方式" SecDesktop
  CreateShortcut "$DESKTOP\${NAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0
SectionEnd

; After the sections, whose numbers it uses.
Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP|MB_OK "${NAME} 需要 64 位 Windows 10 或更新的系统。" /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  SetShellVarContext all
  ; An upgrade goes where the installed version is (unless /D= says otherwise).
  ReadRegStr $0 HKLM "${UNINSTKEY}" "InstallLocation"
  ${If} $0 != ""
  ${AndIf} $INSTDIR == "$PROGRAMFILES64\${APP}"
    StrCpy $INSTDIR $0
  ${EndIf}
  ; /NODESKTOP: no desktop shortcut (for silent installs).
  ${GetParameters} $1
  ClearErrors
  ${GetOptions} $1 "/NODESKTOP" $2
  ${IfNot} ${Errors}
    SectionSetFlags ${SecDesktop} 0
  ${EndIf}
FunctionEnd

Function un.onInit
  SetRegView 64
  SetShellVarContext all
FunctionEnd

Section "Uninstall"
  ; The program's files and shortcuts only. Users' data is in their own folders and stays.
  Delete "$DESKTOP\${NAME}.lnk"
  Delete "$SMPROGRAMS\${NAME}\${NAME}.lnk"
  Delete "$SMPROGRAMS\${NAME}\卸载 ${NAME}.lnk"
  RMDir "$SMPROGRAMS\${NAME}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTKEY}"
SectionEnd
