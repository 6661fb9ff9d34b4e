"""Chinese for the messages argparse prints (usage, errors, help headings)."""

from __future__ import annotations

import argparse

_CHINESE = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "one of the arguments %s is required": "需要以下参数之一：%s",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多需要一个值",
    "expected at least one argument": "至少需要一个值",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
    "can't open '%(filename)s': %(error)s": "无法打开「%(filename)s」：%(error)s",
}


def use_chinese() -> None:
    """argparse looks its messages up through the module-level gettext alias `_`."""
    # WORKAROUND: argparse has no hook for translations other than gettext catalogues, which
    # are not installed on Windows; replacing its alias is the documented gettext mechanism's effect.
    original = argparse._  # type: ignore[attr-defined]
    if getattr(original, "chinese", False):
        return

    def translate(text: str) -> str:
        return _CHINESE.get(text, original(text))

    translate.chinese = True  # type: ignore[attr-defined]
    argparse._ = translate  # type: ignore[attr-defined]
