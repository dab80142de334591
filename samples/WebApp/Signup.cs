namespace Kairos.Samples.WebApp;

/// <summary>The body of <c>POST /signups</c>, handed to <see cref="SendWelcome"/> as the run's data.</summary>
/// <param name="Email">Where to send the welcome.</param>
/// <param name="Name">How to greet.</param>
public sealed record Signup(string Email, string? Name);
