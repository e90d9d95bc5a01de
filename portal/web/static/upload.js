// Upload with a progress bar. Without JavaScript the form posts as usual; with it, the same
// request goes by XMLHttpRequest so that the bytes sent, then the checking, can be shown.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form || !window.XMLHttpRequest || !window.FormData) { return; }
  var input = document.getElementById("files");
  var box = document.getElementById("upload-progress");
  var bar = document.getElementById("upload-bar");
  var status = document.getElementById("upload-status");
  var live = document.getElementById("upload-live");
  var button = form.querySelector("button[type=submit]");
  var maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10);
  var maxFiles = parseInt(form.getAttribute("data-max-files"), 10);

  function say(text) { status.textContent = text; live.textContent = text; }

  function showProblems(messages) {
    var old = document.getElementById("problems");
    if (old) { old.parentNode.removeChild(old); }
    var holder = document.createElement("div");
    holder.id = "problems";
    holder.className = "messages";
    holder.setAttribute("role", "alert");
    messages.forEach(function (text) {
      var p = document.createElement("p");
      p.className = "message message-error";
      p.textContent = text;
      holder.appendChild(p);
    });
    form.parentNode.insertBefore(holder, form);
  }

  function reset() {
    button.disabled = false;
    box.hidden = true;
    box.classList.remove("checking");
    bar.value = 0;
  }

  form.addEventListener("submit", function (event) {
    var files = Array.prototype.slice.call(input.files || []);
    var tooBig = files.filter(function (f) { return f.size > maxBytes; });
    if (files.length > maxFiles) {
      event.preventDefault();
      showProblems(["一次最多上传 " + maxFiles + " 个工作簿。"]);
      return;
    }
    if (tooBig.length) {
      event.preventDefault();
      showProblems(tooBig.map(function (f) {
        return "“" + f.name + "”超过 " + Math.round(maxBytes / 1048576) + " MB 的上限，未上传。";
      }));
      return;
    }
    event.preventDefault();
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("X-Ziping-Upload", "1");  // answered with where to go, not a redirect
    request.responseType = "text";
    button.disabled = true;
    box.hidden = false;
    say("正在上传……");
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        var percent = Math.floor(e.loaded * 100 / e.total);
        bar.value = percent;
        say("正在上传…… " + percent + "%");
      }
    });
    request.upload.addEventListener("load", function () {
      bar.removeAttribute("value");  // indeterminate while the server checks
      box.classList.add("checking");
      say("已上传，正在校验……");
    });
    request.addEventListener("load", function () {
      if (request.status >= 200 && request.status < 300) {
        var answer = null;
        try { answer = JSON.parse(request.responseText); } catch (ignore) { answer = null; }
        if (answer && typeof answer.location === "string" && answer.location.charAt(0) === "/") {
          say("校验完成，正在打开结果……");
          window.location.assign(answer.location);
          return;
        }
      }
      var page = new DOMParser().parseFromString(request.responseText, "text/html");
      var found = page.querySelectorAll("#problems .message, #problem");
      var messages = Array.prototype.map.call(found, function (node) { return node.textContent; });
      reset();
      showProblems(messages.length ? messages : ["上传未成功（" + request.status + "），请重试。"]);
    });
    request.addEventListener("error", function () {
      reset();
      showProblems(["上传中断：网络连接出错或文件过大被服务器拒绝，请重试。"]);
    });
    request.send(new FormData(form));
  });
}());
