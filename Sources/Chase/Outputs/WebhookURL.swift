import Foundation

/// The URL of a webhook (a notifier's or the publisher's), read from the environment variable the
/// config names. Only https: the URL usually carries a secret and the body the team's content.
/// Plain http is allowed to this machine alone (a local relay or a test server), where nothing
/// crosses a network.
enum WebhookURL {
    static func parse(_ value: String, variable: String) -> Result<URL, WebhookURLError> {
        guard let url = URL(string: value), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased(), !host.isEmpty else {
            return .failure(WebhookURLError("\(variable) is not a URL"))
        }
        if scheme == "https" { return .success(url) }
        if scheme == "http", ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host) { return .success(url) }
        return .failure(WebhookURLError("\(variable) must be an https:// URL (plain http only to this machine)"))
    }
}

struct WebhookURLError: Error, Equatable, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
