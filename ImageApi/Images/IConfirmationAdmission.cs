namespace CloudImageService.Images;

/// <summary>Bounds the confirmations an instance runs, and those of any one caller, before any byte is read.</summary>
public interface IConfirmationAdmission
{
    ConfirmationAdmission TryEnter(string caller);
}
