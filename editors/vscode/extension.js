// Starts `pm lsp` for the TOML files of a pm program. Nothing else: the server does the work.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate() {
  const command = vscode.workspace.getConfiguration("pm").get("path") || "pm";
  client = new LanguageClient(
    "pm",
    "pm",
    { command, args: ["lsp"] },
    {
      documentSelector: [
        { scheme: "file", pattern: "**/program.toml" },
        { scheme: "file", pattern: "**/projects/**/*.toml" },
      ],
    },
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
