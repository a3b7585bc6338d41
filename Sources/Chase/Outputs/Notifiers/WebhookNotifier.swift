import ChaseCore
import Foundation

/// Posts a notification to a Slack- or Discord-compatible incoming webhook whose URL is in the
/// environment variable the config names.
struct WebhookNotifier {
    var environment: [String: String]
    var timeout: TimeInterval
    var http = HTTPClient()

    enum Outcome: Equatable {
        case delivered
        /// `endpointDown`: no HTTP answer at all (refused, timed out, bad URL), so the tick does not
        /// call the same webhook again.
        case failed(String, endpointDown: Bool)
        /// The variable is not set: this webhook is not configured where the tick runs.
        case notConfigured(String)
    }

    func deliver(_ n: Notice) -> Outcome {
        let name = n.webhookURLEnv ?? NotificationSettings.defaultWebhookEnv
        guard let value = environment[name], !value.isEmpty else { return .notConfigured(name) }
        let url: URL
        switch WebhookURL.parse(value, variable: name) {
        case .success(let parsed): url = parsed
        case .failure(let error): return .failed(error.description, endpointDown: true)
        }
        switch http.postJSON(url, body: NotificationText.webhookPayload(n), timeout: timeout) {
        case .success: return .delivered
        case .failure(let failure):
            if case .status = failure { return .failed(failure.description, endpointDown: false) }
            return .failed(failure.description, endpointDown: true)
        }
    }
}
