// Upload progress for the import form: send the file with XMLHttpRequest so the bar can move,
// then follow the server's redirect to the job page. Without JavaScript the form posts normally.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("import-form");
  const bar = document.getElementById("upload-progress");
  if (!form || !bar) return;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open("POST", form.action);
    bar.hidden = false;
    request.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total);
    });
    request.addEventListener("load", () => {
      if (request.responseURL && request.responseURL !== window.location.href) {
        window.location.href = request.responseURL;
      } else {
        document.open();
        document.write(request.responseText);
        document.close();
      }
    });
    request.send(new FormData(form));
  });
});
