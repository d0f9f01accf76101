namespace CloudImageService.Images;

public abstract record ConfirmationAdmission
{
    /// <summary>Dispose the slot when the confirmation ends.</summary>
    public sealed record Admitted(IDisposable Slot) : ConfirmationAdmission;

    /// <summary>The instance runs or queues as many as it may.</summary>
    public sealed record Full : ConfirmationAdmission;

    /// <summary>This caller has <paramref name="Limit"/> running already.</summary>
    public sealed record CallerBusy(int Limit) : ConfirmationAdmission;
}
