"""The main window's menus, actions and keyboard shortcuts, and when each action is enabled."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

SHORTCUT_HELP = """下一条：Ctrl+↓ 或 Alt+N
上一条：Ctrl+↑ 或 Alt+P
下一条未填写：Ctrl+J
搜索条目：Ctrl+F
确认待复核的答案：Ctrl+Enter
撤销 / 重做：Ctrl+Z / Ctrl+Y
在答案中按回车：保存并转到下一条（Shift+回车：上一条）
在条目列表中按回车：转到答案输入框；F6：回到条目列表
表格填报：Ctrl+T（整部分条目排成一张表，回车保存并转到下一行，可粘贴 Excel 中复制的一列）
切换页面：Ctrl+1 逐项填报，Ctrl+2 达标情况总览，Ctrl+3 自评报告正文"""


def _action(window: Any, menu: QMenu, text: str, slot: Callable[[], None],
            shortcuts: tuple[str | QKeySequence.StandardKey, ...] = (), name: str = "") -> QAction:
    action = QAction(text, window)
    if shortcuts:
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    if name:
        window.actions_by_name[name] = action
    return action


def build_menus(window: Any) -> None:
    """Fills the menu bar; actions are kept in window.actions_by_name for state and tests."""
    window.actions_by_name = {}
    bar = window.menuBar()
    _file_menu(window, bar.addMenu("文件(&F)"))
    _edit_menu(window, bar.addMenu("编辑(&E)"))
    _go_menu(window, bar.addMenu("转到(&G)"))
    view = bar.addMenu("视图(&V)")
    view.addAction(window.grid_action)
    window.actions_by_name["grid"] = window.grid_action
    view.addAction(window.indicator_dock.toggle_action)
    from desktop.ui.supervisor.mode import switch_to_supervisor
    _action(window, view, "切换到督学汇总", lambda: switch_to_supervisor(window), name="switch_mode")
    help_menu = bar.addMenu("帮助(&H)")
    _action(window, help_menu, "键盘操作", window.show_shortcuts, name="shortcuts")
    _action(window, help_menu, "关于", window.show_about, name="about")


def _file_menu(window: Any, menu: QMenu) -> None:
    _action(window, menu, "新建评估周期…", window.new_period, ("Ctrl+N",), "new_period")
    _action(window, menu, "历史评估…", window.show_history, ("Ctrl+H",), "history")
    _action(window, menu, "学校信息…", window.edit_school, name="school")
    _action(window, menu, "数据日期…", window.edit_data_date, name="data_date")
    menu.addSeparator()
    _action(window, menu, "定稿…", window.finalize, name="finalize")
    _action(window, menu, "撤销定稿", window.unfinalize, name="unfinalize")
    _action(window, menu, "生成自评报告…", window.generate_report, ("Ctrl+P",), "report")
    export = menu.addMenu("导出")
    _action(window, export, "Excel…", window.export_excel, name="export_excel")
    _action(window, export, "提交包…", window.export_package, name="export_package")
    _action(window, menu, "导入 Excel…", window.import_excel, name="import_excel")
    _action(window, menu, "从事业统计基层表导入…", lambda: _feature(window, "prefill_from_return"),
            name="prefill")
    menu.addSeparator()
    _action(window, menu, "备份与恢复…", window.backup_and_restore, name="backup")
    menu.addSeparator()
    from desktop.ui.recent_folders import add_to_file_menu
    add_to_file_menu(window, menu)
    menu.addSeparator()
    _action(window, menu, "退出", window.close, ("Ctrl+Q",), "quit")


def _feature(window: Any, name: str) -> None:
    from desktop.ui.main_window import FEATURES  # listed there so the installer bundles the module
    window.call_feature(*FEATURES[name])


def _edit_menu(window: Any, menu: QMenu) -> None:
    undo = window.undo_stack.createUndoAction(window, "撤销")
    undo.setShortcuts(QKeySequence.StandardKey.Undo)
    redo = window.undo_stack.createRedoAction(window, "重做")
    redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
    menu.addAction(undo)
    menu.addAction(redo)
    window.actions_by_name.update(undo=undo, redo=redo)
    menu.addSeparator()
    _action(window, menu, "确认待复核的答案", window.confirm_review,
            ("Ctrl+Return", "Ctrl+Enter"), "confirm_review")
    _action(window, menu, "搜索条目", window.focus_search, ("Ctrl+F",), "search")


def _go_menu(window: Any, menu: QMenu) -> None:
    _action(window, menu, "下一条", window.next_item, ("Ctrl+Down", "Alt+N"), "next")
    _action(window, menu, "上一条", window.previous_item, ("Ctrl+Up", "Alt+P"), "previous")
    _action(window, menu, "下一条未填写", window.next_unanswered, ("Ctrl+J",), "next_unanswered")
    _action(window, menu, "条目列表", window.focus_tree, ("F6",), "tree")
    menu.addSeparator()
    for n, title in enumerate(("逐项填报", "达标情况总览", "自评报告正文")):
        _action(window, menu, title, lambda i=n: window.pages.setCurrentIndex(i), (f"Ctrl+{n + 1}",),
                f"page_{n}")


def update_menu_state(window: Any) -> None:
    session = window.session
    has = session is not None
    writable = has and not session.read_only
    actions = window.actions_by_name
    for name in ("new_period", "import_excel", "prefill", "school", "data_date"):
        actions[name].setEnabled(writable)
    for name in ("report", "export_excel", "export_package", "history", "next", "previous",
                 "next_unanswered", "search"):
        actions[name].setEnabled(has)
    final = has and session.info.status == "已完成"
    actions["finalize"].setEnabled(writable and not final)
    actions["unfinalize"].setEnabled(writable and final)
    current = window.navigator.current_item()
    actions["confirm_review"].setEnabled(
        writable and current is not None and session.is_pending_review(*current))
