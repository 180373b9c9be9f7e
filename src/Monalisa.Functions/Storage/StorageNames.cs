namespace Monalisa.Functions.Storage;

/// <summary>Table and queue names, written once. The Bicep template creates the same names.</summary>
internal static class TableNames
{
    /// <summary>Enrolments, seats, trainee locks, outbox records and processed Stripe events, one partition per session (see <see cref="Keys"/>).</summary>
    public const string Enrolments = "Enrolments";

    /// <summary>Intra requests, their outbox records, partitioned by month of receipt.</summary>
    public const string IntraRequests = "IntraRequests";

    /// <summary>Idempotency-Key records: which request body a key was first used with, and the answer given.</summary>
    public const string Idempotency = "Idempotency";

    /// <summary>Rate-limit counters: one row per hashed subject and time window (see Abuse/RateLimiter).</summary>
    public const string RateLimits = "RateLimits";

    /// <summary>What staff did with a person's data (search, export, erasure): who, when, and a keyed hash of the address.</summary>
    public const string StaffAudit = "StaffAudit";

    /// <summary>Invoices and credit notes, their numbering counters and their Chorus Pro deposits (see <see cref="LedgerKeys"/>).</summary>
    public const string Ledger = "Ledger";

    /// <summary>Attendance: one partition per session, its half-days, signatures, countersignatures and corrections (see <see cref="AttendanceKeys"/>).</summary>
    public const string Attendance = "Attendance";

    /// <summary>Satisfaction and self-assessment questionnaires: who was asked, who answered, the answers.</summary>
    public const string Surveys = "Surveys";

    /// <summary>Assessment results, attestations and certificats de réalisation as issued (PDF), and their emails.</summary>
    public const string Certificates = "Certificates";

    public static readonly string[] All = [Enrolments, IntraRequests, Idempotency, RateLimits, StaffAudit, Ledger, Attendance, Surveys, Certificates];
}

internal static class QueueNames
{
    /// <summary>Pointers to outbox records whose email must be sent.</summary>
    public const string EmailOutbox = "email-outbox";

    /// <summary>Enrolments that may have an invoice or a credit note to issue (Invoicing/BillingFunctions).</summary>
    public const string Billing = "billing";

    /// <summary>Sessions whose attendance was closed or corrected: certificates to issue or reissue (Certificates).</summary>
    public const string Certificates = "certificates";

    public static readonly string[] All = [EmailOutbox, Billing, Certificates];
}

/// <summary>
/// The key design of the Enrolments table.
/// <para>
/// PartitionKey = the session id. Everything that must change together when places are taken or given back lives in
/// the session's partition, so one entity-group transaction (atomic, at most 100 operations) can check and write it
/// all: several app instances may run at once, and the transaction is the only lock.
/// </para>
/// RowKeys, by prefix:
/// <list type="bullet">
/// <item><c>enrolment|{id}</c>: the enrolment itself: state, trainees, payer, quote, hold expiry, token hash.</item>
/// <item><c>seat|{nn}</c>: one entity per place taken, nn from 01 to the capacity. Taking a place is an insert
/// (<c>Add</c>), which fails if the place is taken, so a session can never be oversold even by racing instances,
/// and seats left = capacity − number of seat entities.</item>
/// <item><c>trainee|{hmac-sha256(email)}</c>: one per trainee email holding a place, so one person cannot hold two places
/// in a session. The normalised email is hashed under a secret key (TraineeLocks): the key carries no personal data.</item>
/// <item><c>payer|{hmac(payer email)}</c>: touched (If-Match) by every hold of that payer, so that two holds of one payer
/// cannot both pass the cap on places per payer; the places themselves are counted from the seat rows' Payer column.</item>
/// <item><c>outbox|{id}</c>: an email to send, written in the same transaction as the change that calls for it.</item>
/// <item><c>stripe|{eventId}</c>: a Stripe event already applied, written with the change it caused (exactly once).</item>
/// <item><c>instalment|{enrolmentId}|{n}|{paymentIntentId}</c>: a payment of a self-funded instalment already recorded (timer, webhook or recovery checkout).</item>
/// <item><c>reminder|{enrolmentId}|{deadline}</c>: staff were reminded of an invoice hold ending then (once per deadline).</item>
/// <item><c>refund|{paymentIntentId}</c>: a payment nobody owes, to refund once (Status Pending, then Done).</item>
/// <item><c>event|{enrolmentId}|{ticks}-{random}</c>: one act on an enrolment for its timeline (who, what, from which
/// state to which), written in the same transaction as the change it records.</item>
/// </list>
/// An enrolment id starts with its session id (<c>{sessionId}_{random}</c>), so a lookup by id is a point read.
/// </summary>
internal static class Keys
{
    public const string EnrolmentPrefix = "enrolment|";
    public const string SeatPrefix = "seat|";
    public const string TraineePrefix = "trainee|";
    public const string OutboxPrefix = "outbox|";
    public const string PayerPrefix = "payer|";
    /// <summary><c>address|{HMAC of the client address}</c>: touched by each hold from that address, so that two holds cannot pass its cap together.</summary>
    public const string AddressPrefix = "address|";
    public const string StripeEventPrefix = "stripe|";
    /// <summary><c>instalment|{enrolmentId}|{n}</c>: a self-funded instalment recorded as paid (exactly once, whoever reports it).</summary>
    public const string InstalmentPrefix = "instalment|";

    /// <summary>Per payment, not per instalment: a second payment of the same instalment must reach the domain (refund).</summary>
    public static string InstalmentPaid(string enrolmentId, int number, string paymentIntentId) => $"{InstalmentPrefix}{enrolmentId}|{number}|{paymentIntentId}";

    public const string ReminderPrefix = "reminder|";

    public static string InvoiceReminder(string enrolmentId, DateTimeOffset deadline) =>
        $"{ReminderPrefix}{enrolmentId}|{deadline.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public const string RefundPrefix = "refund|";

    public const string EventPrefix = "event|";

    /// <summary>The events of one enrolment sort by time under <see cref="EventsOf"/>.</summary>
    public static string EventsOf(string enrolmentId) => $"{EventPrefix}{enrolmentId}|";

    public static string Event(string enrolmentId, DateTimeOffset at) =>
        $"{EventsOf(enrolmentId)}{at.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}";

    public static string Refund(string paymentIntentId) => RefundPrefix + paymentIntentId;

    /// <summary>The upper bound of a prefix range: '|' + 1 = '}'.</summary>
    public static string RangeEnd(string prefix) => prefix[..^1] + "}";

    public static string Seat(int number) => SeatPrefix + number.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// The key design of the Ledger table: every invoice and credit note lives in ONE partition, so that taking the next
/// number, writing the document, the row that says which enrolment document it is, its Chorus Pro deposit and its email
/// are one entity-group transaction. A number is taken only if the document is written: no gap; the counter's ETag
/// makes two instances that read the same counter fail one of them: no duplicate.
/// <list type="bullet">
/// <item><c>counter|{prefix}|{year}</c>: the last sequence number of a series (property <c>Last</c>).</item>
/// <item><c>doc|{number}</c>: the document as issued: its model (JSON) and its PDF, never changed.</item>
/// <item><c>for|{enrolmentId}|{index}</c>: the number of the enrolment's index-th document; an insert, so the same
/// document is never issued twice whoever retries.</item>
/// <item><c>chorus|{number}</c>: a public buyer's invoice to deposit in Chorus Pro, then its status.</item>
/// <item><c>outbox|{id}</c>: the email that sends the document, written with it.</item>
/// </list>
/// </summary>
internal static class LedgerKeys
{
    public const string Partition = "documents";
    public const string CounterPrefix = "counter|";
    public const string DocumentPrefix = "doc|";
    public const string ForPrefix = "for|";
    public const string ChorusPrefix = "chorus|";

    public static string Counter(string prefix, int year) => $"{CounterPrefix}{prefix}|{year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)}";
    public static string Document(string number) => DocumentPrefix + number;
    public static string For(string enrolmentId, int index) => $"{ForPrefix}{enrolmentId}|{index.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)}";
    public static string Chorus(string number) => ChorusPrefix + number;
}

/// <summary>
/// The key design of the Attendance table: PartitionKey = the session id, so that a countersignature, the summary it
/// changes and the email it calls for are one entity-group transaction.
/// <list type="bullet">
/// <item><c>summary</c>: the session's <see cref="Monalisa.Domain.Attendance.SessionAttendance"/> as published to
/// certificates and the BPF (JSON), rewritten with each countersignature and each logged correction.</item>
/// </list>
/// The Attendance feature adds its own prefixes below.
/// </summary>
internal static class AttendanceKeys
{
    public const string Summary = "summary";
    /// <summary><c>halfday|{halfDayId}</c>: one half-day's sheet (opening, code secret, signatures, marks, countersignature), JSON.</summary>
    public const string HalfDayPrefix = "halfday|";
    /// <summary><c>correction|{halfDayId}|{ticks}|{random}</c>: one logged staff correction, never changed.</summary>
    public const string CorrectionPrefix = "correction|";
    /// <summary><c>scan|{halfDayId}|{ticks}</c>: a scanned paper sheet (≤ 900 KiB in 64 KiB chunks, with its SHA-256).</summary>
    public const string ScanPrefix = "scan|";
    public static string HalfDay(string halfDayId) => HalfDayPrefix + halfDayId;
    public static string Correction(string halfDayId, DateTimeOffset at) =>
        $"{CorrectionPrefix}{halfDayId}|{at.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture)}|{Guid.NewGuid():N}";
    public static string Scan(string halfDayId, DateTimeOffset at) =>
        $"{ScanPrefix}{halfDayId}|{at.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture)}";
}
