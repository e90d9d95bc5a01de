"""Refusals of the portal: each becomes a Chinese page with its status (see app.error_page)."""

from __future__ import annotations


class PortalRefusal(Exception):
    status = 400
    title = "无法完成"

    def __init__(self, message: str, title: str | None = None):
        super().__init__(message)
        self.message = message
        if title:
            self.title = title


class NotSignedIn(PortalRefusal):
    status = 401
    title = "请先登录"


class Forbidden(PortalRefusal):
    status = 403
    title = "无权访问"


class CsrfRefused(PortalRefusal):
    status = 403
    title = "请求已拒绝"

    def __init__(self, message: str = "页面已过期或请求来源不明（缺少或错误的表单校验码），未执行任何操作。请返回上一页，刷新后重试。"):
        super().__init__(message)


class NotFound(PortalRefusal):
    status = 404
    title = "找不到页面"

    def __init__(self, message: str = "找不到您要的内容：它不存在，或不属于您的单位。"):
        super().__init__(message)


class TooLarge(PortalRefusal):
    status = 413
    title = "文件过大"


class BadUpload(PortalRefusal):
    status = 400
    title = "上传未成功"


class UploadKept(PortalRefusal):
    status = 409
    title = "不能删除"
